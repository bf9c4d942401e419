package dev.discovery.internal.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How many datagrams the kernel dropped for one UDP socket because its receive buffer was full: the cause of false
 * removals under a flood, invisible to the node itself. Linux tells it in the {@code drops} column of
 * {@code /proc/net/udp} and {@code /proc/net/udp6}, on the line of the socket's inode; Java does not give a socket's
 * inode, so it is found as the one socket that appeared on the port while the socket was bound
 * ({@link #identify}). Elsewhere, or when that is ambiguous, the count is unknown.
 */
final class KernelDrops {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int INODE = 9;
    private static final int DROPS = 12;

    private KernelDrops() {
    }

    /**
     * The inodes of the UDP sockets bound to this port now. Only the table is read, and only the fields needed: with
     * hundreds of nodes in one JVM, reading where each of the process's descriptors leads and splitting every line at
     * every start made starting them take time growing with their number.
     */
    static Set<Long> socketsOn(int port) {
        Set<Long> inodes = new HashSet<>();
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String local = field(line, 1);
                    if (local != null && local.indexOf(':') >= 0 && localPort(local) == port) {
                        inodes.add(Long.parseLong(field(line, INODE)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table here (not Linux, or IPv6 off), or a line of another shape: not one to count
            }
        }
        return inodes;
    }

    /**
     * The inode of the socket that appeared on {@code port} since {@code before} ({@link #socketsOn}); the caller binds
     * while holding {@link UdpTransport}'s class lock, so no other node of this JVM binds meanwhile. When another
     * process bound the port meanwhile too, which one is ours is not known, and neither is the count.
     */
    static OptionalLong identify(int port, Set<Long> before) {
        Set<Long> added = socketsOn(port);
        added.removeAll(before);
        return added.size() == 1 ? OptionalLong.of(added.iterator().next()) : OptionalLong.empty();
    }

    /** The drops of the socket with this inode, or empty once it is gone. */
    static OptionalLong of(long inode) {
        String digits = Long.toString(inode);
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    if (line.contains(digits) && digits.equals(field(line, INODE))) {
                        return OptionalLong.of(Long.parseLong(field(line, DROPS)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table here (not Linux, or IPv6 off)
            }
        }
        return OptionalLong.empty();
    }

    /** The field at this index of a line of fields separated by spaces, or null if it has fewer. */
    private static @Nullable String field(String line, int index) {
        int at = 0;
        int length = line.length();
        for (int i = 0; ; i++) {
            while (at < length && line.charAt(at) == ' ') {
                at++;
            }
            if (at == length) {
                return null;
            }
            int end = at;
            while (end < length && line.charAt(end) != ' ') {
                end++;
            }
            if (i == index) {
                return line.substring(at, end);
            }
            at = end;
        }
    }

    /** {@code 0100007F:3039} is 127.0.0.1:12345. */
    private static int localPort(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
