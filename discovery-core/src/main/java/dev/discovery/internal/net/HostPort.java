package dev.discovery.internal.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One {@code host[:port]} entry of the unicast or seed list. The host is an IPv4 literal, an IPv6 literal (bare, such
 * as {@code fd00::7} or {@code fe80::1%eth0}, or in brackets when a port follows: {@code [fd00::7]:41234}) or a DNS
 * name; the port defaults to the cluster's. Parsing never looks a name up.
 *
 * @param host    the host without brackets
 * @param port    the port, 1 to 65535
 * @param literal the address when the host is an IP literal, null for a name
 */
public record HostPort(String host, int port, @Nullable InetAddress literal) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    /**
     * Parses an entry.
     *
     * @throws IllegalArgumentException saying what is wrong with the entry
     */
    public static HostPort parse(@Nullable String entry, int defaultPort) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("an entry is empty");
        }
        String text = entry.trim();
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + entry + "' opens '[' without closing it");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + entry + "' must be [IPv6 address] or [IPv6 address]:port");
                }
                port = rest.substring(1);
            }
            if (!host.contains(":")) {
                throw new IllegalArgumentException("'" + entry + "' puts brackets around something that is not an IPv6 address");
            }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            host = text; // a bare IPv6 literal: several colons and no port (write [address]:port for one)
        } else if (text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = text;
        }
        return new HostPort(host, port == null ? defaultPort : port(entry, port), literal(entry, host));
    }

    /** The address of an IP literal, parsed without any lookup, or null when the host is a DNS name. */
    private static @Nullable InetAddress literal(String entry, String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + entry + "' has no host");
        }
        boolean ipv6 = host.contains(":");
        if (!ipv6 && !IPV4.matcher(host).matches()) {
            if (!isDnsName(host)) {
                throw new IllegalArgumentException("'" + host + "' in '" + entry
                        + "' is neither an IP address nor a DNS name (letters, digits, '-' and '_' in dot-separated labels)");
            }
            return null;
        }
        try {
            if (!ipv6) {
                byte[] octets = new byte[4];
                String[] parts = host.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        throw new UnknownHostException(host);
                    }
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            return ipv6(host);
        } catch (UnknownHostException | SocketException | RuntimeException e) {
            throw new IllegalArgumentException("'" + host + "' in '" + entry + "' is not a valid IP address"
                    + (host.contains("%") ? " (a scope after '%' must name a network interface of this host, such as lo or eth0)" : ""), e);
        }
    }

    /**
     * An IPv6 literal, with its scope if it has one: {@code fe80::1%eth0} or {@code fe80::1%2}. The scope is kept as the
     * interface's index, since Java refuses a scope by name on an interface that has no link-local address of its own
     * (as {@code lo} usually has not).
     */
    private static InetAddress ipv6(String host) throws UnknownHostException, SocketException {
        int percent = host.indexOf('%');
        // The text contains ':', so it is parsed as an IPv6 literal, never looked up.
        InetAddress address = InetAddress.getByName(percent < 0 ? host : host.substring(0, percent));
        if (percent < 0) {
            return address;
        }
        String scope = host.substring(percent + 1);
        int index;
        if (scope.matches("\\d{1,9}")) {
            index = Integer.parseInt(scope);
        } else {
            NetworkInterface nic = NetworkInterface.getByName(scope);
            if (nic == null) {
                throw new UnknownHostException("no network interface named '" + scope + "'");
            }
            index = nic.getIndex();
        }
        return Inet6Address.getByAddress(null, address.getAddress(), index);
    }

    /** How an address is written in an entry: {@code 10.0.0.7:41234}, or {@code [fd00::7]:41234} for IPv6. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static boolean isDnsName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static int port(String entry, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + entry + "' has the port '" + text + "', which must be a number from 1 to 65535");
    }
}
