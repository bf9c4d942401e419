package dev.discovery.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The UDP ports this JVM has sockets bound to, read from Linux's tables ({@code /proc/net/udp}, {@code udp6}) and
 * this process's file descriptors: what a socket opened anywhere in the JVM cannot hide from.
 */
final class UdpSockets {

    private static final Path FDS = Path.of("/proc/self/fd");

    private UdpSockets() {
    }

    static boolean supported() {
        return Files.isDirectory(FDS) && Files.isReadable(Path.of("/proc/net/udp"));
    }

    static Set<Integer> portsOfThisProcess() {
        Set<String> inodes = socketInodes();
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size())) {
                    String[] columns = line.trim().split("\\s+");
                    String local = columns[1];
                    if (inodes.contains(columns[9])) {
                        ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

    private static Set<String> socketInodes() {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }
}
