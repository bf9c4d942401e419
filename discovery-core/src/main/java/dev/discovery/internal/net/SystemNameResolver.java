package dev.discovery.internal.net;

import dev.discovery.spi.NameResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * The default {@link NameResolver}: A/AAAA records through the JVM's resolver (so {@code /etc/hosts}, search domains
 * and the JVM's DNS cache apply: {@code networkaddress.cache.ttl}, 30 s unless set), SRV records through JNDI's DNS
 * provider, which asks the name servers of {@code /etc/resolv.conf} directly.
 */
public final class SystemNameResolver implements NameResolver {

    @Override
    public List<InetAddress> addresses(String host) throws IOException {
        return List.of(InetAddress.getAllByName(host));
    }

    @Override
    public List<Service> services(String name) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns:");
        // A lookup that hangs would only delay the next refresh, but a short one reports an outage sooner.
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext context = null;
        try {
            context = new InitialDirContext(env);
            Attribute records = context.getAttributes(name, new String[] {"SRV"}).get("SRV");
            List<Service> services = new ArrayList<>();
            if (records != null) {
                NamingEnumeration<?> values = records.getAll();
                while (values.hasMore()) {
                    // "priority weight port target."; every target is a seed, whatever its priority and weight
                    String[] fields = values.next().toString().trim().split("\\s+");
                    if (fields.length == 4) {
                        String target = fields[3].endsWith(".") ? fields[3].substring(0, fields[3].length() - 1) : fields[3];
                        services.add(new Service(target, Integer.parseInt(fields[2])));
                    }
                }
            }
            if (services.isEmpty()) {
                throw new IOException("no SRV record for " + name);
            }
            return services;
        } catch (NamingException | NumberFormatException e) {
            throw new IOException("SRV lookup of " + name + " failed: " + e.getMessage(), e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing held
                }
            }
        }
    }
}
