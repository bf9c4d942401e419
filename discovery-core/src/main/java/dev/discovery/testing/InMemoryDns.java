package dev.discovery.testing;

import dev.discovery.spi.NameResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DNS in memory, for nodes with seeds on an {@link InMemoryNetwork}: a test sets the A/AAAA and SRV answers of names
 * and changes them at will, as a Kubernetes headless Service's answers change when pods come and go. Addresses are
 * literals; nothing is looked up. A name without records does not resolve ({@link UnknownHostException}).
 */
public final class InMemoryDns implements NameResolver {

    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Map<String, List<Service>> services = new HashMap<>();
    private long lookups;

    /** Sets the addresses of {@code name} (IPv4 or IPv6 literals); none makes it unresolvable. */
    public synchronized InMemoryDns set(String name, String... literals) {
        List<InetAddress> list = new ArrayList<>();
        for (String literal : literals) {
            list.add(InMemoryNetwork.literal(literal));
        }
        addresses.put(name, List.copyOf(list));
        return this;
    }

    /** Sets the SRV records of {@code name}; none makes it unresolvable. */
    public synchronized InMemoryDns setServices(String name, Service... records) {
        services.put(name, List.of(records));
        return this;
    }

    /** How many lookups were made, of either kind. */
    public synchronized long lookups() {
        return lookups;
    }

    @Override
    public synchronized List<InetAddress> addresses(String host) throws IOException {
        return answer(addresses, host, "no such name");
    }

    @Override
    public synchronized List<Service> services(String name) throws IOException {
        return answer(services, name, "no SRV record");
    }

    private <T> List<T> answer(Map<String, List<T>> records, String name, String missing) throws UnknownHostException {
        lookups++;
        List<T> answer = records.getOrDefault(name, List.of());
        if (answer.isEmpty()) {
            throw new UnknownHostException(name + ": " + missing);
        }
        return answer;
    }
}
