package dev.discovery.internal.net;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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
 * inode, so it is found as the one socket of this process that appeared on the port while the socket was bound
 * ({@link #appeared}, then {@link #identify}). Elsewhere, or when that is ambiguous, the count is unknown.
 */
final class KernelDrops {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int INODE = 9;
    private static final int DROPS = 12;

    private KernelDrops() {
    }

    /** The socket inodes this process holds now; empty where /proc is not there. */
    static Set<Long> socketsOfThisProcess() {
        Set<Long> inodes = new HashSet<>();
        if (!Files.isDirectory(FDS)) {
            return inodes;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target, 8, target.length() - 1, 10));
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile, or not a link: not our socket
                }
            }
        } catch (IOException e) {
            inodes.clear();
        }
        return inodes;
    }

    /**
     * The sockets this process holds now and did not hold {@code before}; the caller binds in between while holding
     * {@link UdpTransport}'s class lock, so no other node of this JVM binds meanwhile.
     */
    static Set<Long> appeared(Set<Long> before) {
        Set<Long> added = socketsOfThisProcess();
        added.removeAll(before);
        return added;
    }

    /** The inode of the one socket among those that {@link #appeared} while it was bound that is bound to {@code port}. */
    static OptionalLong identify(int port, Set<Long> added) {
        String[] line = find(port, added);
        return line == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(line[INODE]));
    }

    /** The drops of the socket {@link #identify} names, read in the same pass over the tables. */
    static OptionalLong dropsOf(int port, Set<Long> added) {
        String[] line = find(port, added);
        return line == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(line[DROPS]));
    }

    private static String @Nullable [] find(int port, Set<Long> added) {
        String[] found = null;
        for (String[] line : lines()) {
            if (added.contains(Long.parseLong(line[INODE])) && localPort(line[1]) == port) {
                if (found != null) {
                    return null;
                }
                found = line;
            }
        }
        return found;
    }

    /** The drops of the socket with this inode, or empty once it is gone. */
    static OptionalLong of(long inode) {
        for (String[] line : lines()) {
            if (Long.parseLong(line[INODE]) == inode) {
                return OptionalLong.of(Long.parseLong(line[DROPS]));
            }
        }
        return OptionalLong.empty();
    }

    private static List<String[]> lines() {
        List<String[]> result = new java.util.ArrayList<>();
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > DROPS && fields[0].endsWith(":")) {
                        result.add(fields);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table here (not Linux, or IPv6 off)
            }
        }
        return result;
    }

    /** {@code 0100007F:3039} is 127.0.0.1:12345. */
    private static int localPort(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }
}
