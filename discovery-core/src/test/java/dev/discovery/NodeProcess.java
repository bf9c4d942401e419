package dev.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link NodeProcessMain} child JVM, with the lines it printed. */
final class NodeProcess implements AutoCloseable {

    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Writer stdin;

    private NodeProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "node-process-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a node JVM, optionally wrapped in a command such as {@code ip netns exec NAME}. */
    static NodeProcess start(List<String> prefix, String allowedDestinations, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-D" + DestinationGuard.PROPERTY + "=" + allowedDestinations);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeProcessMain.class.getName());
        command.addAll(List.of(args));
        return new NodeProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    String id() {
        return lines.stream().filter(l -> l.startsWith("started ")).map(l -> l.substring(8)).findFirst().orElse(null);
    }

    boolean isMaster() {
        boolean master = false;
        for (String line : lines) {
            if (line.equals("promoted")) {
                master = true;
            } else if (line.equals("demoted")) {
                master = false;
            }
        }
        return master;
    }

    /** The peers this process has added and not removed since. */
    List<String> peers() {
        List<String> peers = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts[0].equals("added")) {
                peers.add(parts[1]);
            } else if (parts[0].equals("removed")) {
                peers.remove(parts[1]);
            }
        }
        return peers;
    }

    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        try {
            stdin.write("stop\n");
            stdin.flush();
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
