package dev.discovery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the figures were measured on: they mean little without it. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String describe(String nodeVersion) {
        MarkdownTable table = new MarkdownTable("what", "value");
        table.add("CPU", firstValue("/proc/cpuinfo", "model name") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores available");
        table.add("memory", firstValue("/proc/meminfo", "MemTotal"));
        table.add("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        table.add("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        table.add("Node.js", nodeVersion == null ? "not available" : nodeVersion + " (node-discover 1.2.1)");
        table.add("net.core.rmem_max", read("/proc/sys/net/core/rmem_max") + " bytes (caps the 4 MB SO_RCVBUF the core asks for)");
        table.add("load average at start", loadAverage());
        return table.render();
    }

    /** The machine may be shared: its load says how much the figures were disturbed. */
    static String loadAverage() {
        return read("/proc/loadavg");
    }

    private static String firstValue(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(String file) {
        try {
            return String.join(" ", Files.readAllLines(Path.of(file))).trim(); // proc files report no size
        } catch (IOException e) {
            return "unknown";
        }
    }
}
