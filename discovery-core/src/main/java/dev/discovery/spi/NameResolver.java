package dev.discovery.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Looks up the DNS names of the {@code seeds} option. The node calls it again every {@code seedRefreshInterval}, never
 * under its lock and never on its timer or event thread, so a lookup may block. The default uses the JVM's resolver for
 * A/AAAA records and JNDI's DNS provider for SRV records; a test passes its own to change the answers at will
 * ({@code dev.discovery.testing.InMemoryDns}).
 */
public interface NameResolver {

    /**
     * Every IPv4 and IPv6 address of {@code host}.
     *
     * @throws IOException when the name does not resolve now (the node retries later)
     */
    List<InetAddress> addresses(String host) throws IOException;

    /**
     * The SRV records of {@code name} (such as {@code _discovery._udp.my-service.default.svc.cluster.local}).
     *
     * @throws IOException when the name does not resolve now (the node retries later)
     */
    List<Service> services(String name) throws IOException;

    /** One SRV record: a target host name and the port there. */
    record Service(String target, int port) {
    }
}
