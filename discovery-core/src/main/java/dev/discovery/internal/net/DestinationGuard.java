package dev.discovery.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A safety net for test suites and demos: when the system property {@value #PROPERTY} lists address ranges (CIDR,
 * comma-separated, for example {@code 127.0.0.0/8,10.77.0.0/24}), a node refuses to start if it would send anywhere
 * else. Multicast is allowed only on the loopback interface {@code lo}. Without the property nothing is checked.
 */
public final class DestinationGuard {

    public static final String PROPERTY = "discovery.allowedDestinations";

    private DestinationGuard() {
    }

    static void check(List<InetSocketAddress> destinations, String multicastInterface) {
        String allowed = System.getProperty(PROPERTY);
        if (allowed == null || allowed.isBlank()) {
            return;
        }
        List<int[]> ranges = new ArrayList<>();
        for (String cidr : allowed.split(",")) {
            ranges.add(parse(cidr.trim()));
        }
        for (InetSocketAddress destination : destinations) {
            InetAddress address = destination.getAddress();
            boolean ok = address.isMulticastAddress()
                    ? "lo".equals(multicastInterface)
                    : ranges.stream().anyMatch(range -> contains(range, address));
            if (!ok) {
                throw new IllegalStateException("Refusing to send to " + destination + ": the system property "
                        + PROPERTY + "=" + allowed + " allows only those ranges (and multicast on interface 'lo'). "
                        + "Configure a loopback destination, such as broadcast 127.255.255.255.");
            }
        }
    }

    private static int[] parse(String cidr) {
        String[] parts = cidr.split("/");
        byte[] bytes = ipv4(parts[0]);
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        return new int[] {toInt(bytes), prefix};
    }

    private static boolean contains(int[] range, InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 4) {
            return false;
        }
        int mask = range[1] == 0 ? 0 : -1 << (32 - range[1]);
        return (toInt(bytes) & mask) == (range[0] & mask);
    }

    private static byte[] ipv4(String text) {
        String[] octets = text.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException(PROPERTY + ": '" + text + "' is not an IPv4 address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(octets[i]);
        }
        return bytes;
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }
}
