package dev.discovery;

import dev.discovery.internal.net.DestinationGuard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link NodeProcessMain} child JVM, with the lines it printed. Public for the scenario tests in sub-packages. */
public final class NodeProcess implements AutoCloseable {

    /** One line the node printed, and the moment it printed it (its {@link System#nanoTime()}). */
    public record Line(long nanos, String text) {
    }

    final Process process;
    /** The text of every line, in order. */
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Line> timeline = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> mastersReplies = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final Thread reader;

    private NodeProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String raw;
                while ((raw = out.readLine()) != null) {
                    Line line = parse(raw);
                    timeline.add(line);
                    lines.add(line.text());
                    if (line.text().equals("masters") || line.text().startsWith("masters ")) {
                        mastersReplies.add(line.text());
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "node-process-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Splits off the timestamp NodeProcessMain puts first; a line without one is stamped with its arrival. */
    private static Line parse(String raw) {
        int space = raw.indexOf(' ');
        if (space > 0) {
            try {
                return new Line(Long.parseLong(raw.substring(0, space)), raw.substring(space + 1));
            } catch (NumberFormatException notStamped) {
                // fall through
            }
        }
        return new Line(System.nanoTime(), raw);
    }

    /** Starts a node JVM, optionally wrapped in a command such as {@code ip netns exec NAME}. */
    public static NodeProcess start(List<String> prefix, String allowedDestinations, String... args) throws IOException {
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

    /** The node's id, once it has started. */
    public String id() {
        return lines.stream().filter(l -> l.startsWith("started ")).map(l -> l.substring(8)).findFirst().orElse(null);
    }

    public boolean isMaster() {
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
    public List<String> peers() {
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

    /** Every line so far with its timestamp. */
    public List<Line> timeline() {
        return List.copyOf(timeline);
    }

    /** The text of every line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Asks the running node which masters it knows now (itself included), by their ids. */
    public synchronized List<String> masters() throws IOException, InterruptedException {
        mastersReplies.clear();
        command("masters");
        String reply = mastersReplies.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException("node process " + process.pid() + " did not answer 'masters' within 10 s"
                    + (process.isAlive() ? "" : ": it exited with " + process.exitValue()));
        }
        return Arrays.stream(reply.split(" ")).skip(1).toList();
    }

    private synchronized void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * Waits for the process to exit, as a node that failed to start does, and for the last of its lines to be read.
     *
     * @return false if it still runs after the wait
     */
    public boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            return false;
        }
        // The process is gone, so its output ends: what is left is in the pipe, and read at once.
        reader.join(unit.toMillis(timeout));
        return !reader.isAlive();
    }

    /** kill -9: the node gets no chance to say goodbye. Returns once it is gone and its lines are read. */
    public void kill() {
        process.destroyForcibly();
        try {
            awaitExit(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A graceful stop: the node says goodbye and exits; killed if it has not exited within 10 s. Returns once it is
     * gone and its lines are read.
     */
    @Override
    public synchronized void close() {
        try {
            command("stop");
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!awaitExit(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
