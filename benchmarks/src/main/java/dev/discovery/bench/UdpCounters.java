package dev.discovery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's UDP counters from /proc/net/snmp (machine-wide): {@code RcvbufErrors} counts datagrams dropped because
 * a socket's receive buffer was full, which no socket option or core counter can see.
 */
record UdpCounters(Map<String, Long> values) {

    static UdpCounters read() {
        try {
            List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream()
                    .filter(line -> line.startsWith("Udp:"))
                    .toList();
            String[] names = udp.get(0).split("\\s+");
            String[] numbers = udp.get(1).split("\\s+");
            Map<String, Long> values = new HashMap<>();
            for (int i = 1; i < names.length; i++) {
                values.put(names[i], Long.parseLong(numbers[i]));
            }
            return new UdpCounters(values);
        } catch (IOException | RuntimeException e) {
            return new UdpCounters(Map.of()); // not Linux: the figure is reported as unknown
        }
    }

    /** How much a counter grew since {@code before}, or -1 when it cannot be read. */
    long since(UdpCounters before, String name) {
        Long now = values.get(name);
        Long then = before.values.get(name);
        return now == null || then == null ? -1 : now - then;
    }
}
