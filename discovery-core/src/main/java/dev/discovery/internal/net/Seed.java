package dev.discovery.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code seeds} option: an address to send hellos to, a DNS name whose A/AAAA records are resolved
 * again and again, or an SRV name ({@code _port._udp.name}) whose records give hosts and ports.
 */
public sealed interface Seed {

    /** The entry as the user wrote it, for messages. */
    String entry();

    /** An IP literal: nothing to resolve. */
    record Address(String entry, InetSocketAddress address) implements Seed {
    }

    /** A host name: every A and AAAA record of it, with the entry's port (the cluster's by default). */
    record Name(String entry, String host, int port) implements Seed {
    }

    /** An SRV name such as {@code _discovery._udp.my-service.default.svc.cluster.local}: its targets and their ports. */
    record Srv(String entry, String name) implements Seed {
    }

    /**
     * Parses an entry: {@code host}, {@code host:port}, an IPv6 literal (bracketed when a port follows), or
     * {@code _port._udp.name}.
     *
     * @throws IllegalArgumentException saying what is wrong with the entry
     */
    static Seed parse(@Nullable String entry, int defaultPort) {
        HostPort hostPort = HostPort.parse(entry, defaultPort);
        String host = hostPort.host();
        if (host.startsWith("_")) {
            String lower = host.toLowerCase(Locale.ROOT);
            int protocol = lower.indexOf("._", 1);
            if (protocol < 0 || !lower.startsWith("._udp.", protocol) || lower.length() == protocol + "._udp.".length()) {
                throw new IllegalArgumentException("'" + entry + "' starts with '_' but is not an SRV name of the form "
                        + "_port._udp.name (discovery speaks UDP)");
            }
            if (entry.indexOf(':') >= 0) {
                throw new IllegalArgumentException("'" + entry + "' is an SRV name: its records give the port, so it takes none");
            }
            return new Srv(entry.trim(), host);
        }
        InetAddress literal = hostPort.literal();
        if (literal == null) {
            return new Name(entry.trim(), host, hostPort.port());
        }
        if (literal.isMulticastAddress() || literal.isAnyLocalAddress()) {
            throw new IllegalArgumentException("'" + entry + "' is a " + (literal.isMulticastAddress()
                    ? "multicast group (set the multicast option for one)" : "wildcard address, not a host's"));
        }
        return new Address(entry.trim(), new InetSocketAddress(literal, hostPort.port()));
    }
}
