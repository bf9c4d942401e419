package dev.discovery.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node in a process of its own that speaks the interoperability peer's protocol (interop/node/README.md): JSON
 * options as its argument, one JSON event line per event on stdout, JSON commands on stdin. Both node-discover's
 * {@code peer.js} and our {@link JavaPeerMain} speak it, so one driver serves both. Each line is stamped on arrival
 * in the reader thread, so its time includes the pipe.
 */
final class PeerProcess implements Member {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Writer stdin;
    private final EventLog log;
    private final CountDownLatch started = new CountDownLatch(1);
    private final BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();
    private volatile String id;
    private volatile long startedAt;
    private volatile String failure;

    private PeerProcess(Process process, EventLog log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the process and returns once it has printed {@code started}. */
    static PeerProcess start(List<String> command, EventLog log, Path stderrFile) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()))
                .start();
        PeerProcess peer = new PeerProcess(process, log);
        Thread reader = new Thread(peer::readEvents, "peer-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!peer.started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                peer.close();
                throw new IOException("peer did not start within " + START_TIMEOUT + ": " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            peer.close();
            throw new IOException("interrupted while starting a peer", e);
        }
        if (peer.id == null) {
            peer.close();
            throw new IOException("peer failed to start (" + peer.failure + "): " + command);
        }
        return peer;
    }

    private void readEvents() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                long now = System.nanoTime();
                onLine(line, now);
            }
        } catch (IOException e) {
            failure = "stdout closed: " + e;
        } finally {
            started.countDown(); // a process that died before starting must not be waited for
        }
    }

    private void onLine(String line, long now) {
        JsonNode json;
        try {
            json = ClusterSettings.JSON.readTree(line);
        } catch (RuntimeException e) {
            return; // not an event line (a stray log line); the peers print events only
        }
        String event = json.path("event").asString("");
        switch (event) {
            case "started" -> {
                id = json.path("id").asString();
                startedAt = now;
                started.countDown();
            }
            case "added" -> record(Observed.Kind.ADDED, json.path("node").path("id").asString(), now, null);
            case "removed" -> record(Observed.Kind.REMOVED, json.path("node").path("id").asString(), now, null);
            case "master" -> record(Observed.Kind.MASTER, json.path("node").path("id").asString(), now, null);
            case "promotion" -> record(Observed.Kind.PROMOTED, id, now, null);
            case "demotion" -> record(Observed.Kind.DEMOTED, id, now, null);
            case "message" -> record(Observed.Kind.MESSAGE, json.path("from").asString(""), now, json);
            case "ok" -> {
                if ("send".equals(json.path("cmd").asString(""))) {
                    record(Observed.Kind.SENT, id, now, null);
                }
                acks.add(json);
            }
            case "fatal", "crash" -> failure = json.path("message").asString();
            default -> { } // stopped, nodes, error, badcommand: not measured
        }
    }

    private void record(Observed.Kind kind, String subject, long now, JsonNode detail) {
        if (id != null && subject != null) {
            log.record(new Observed(id, kind, subject, now, detail));
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long startedAt() {
        return startedAt;
    }

    @Override
    public void promote() {
        call(command("promote"));
    }

    @Override
    public void demote() {
        call(command("demote").put("permanent", false));
    }

    @Override
    public void join(String channel) {
        call(command("join").put("channel", channel));
    }

    /** Writes the send command and returns at once: its acknowledgement is not awaited. */
    @Override
    public void send(String channel, JsonNode data) {
        ObjectNode send = command("send").put("channel", channel);
        send.set("data", data);
        write(send);
    }

    @Override
    public long sendAll(String channel, List<JsonNode> data) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode item : data) {
            ObjectNode send = command("send").put("channel", channel);
            send.set("data", item);
            lines.append(ClusterSettings.JSON.writeValueAsString(send)).append('\n');
        }
        String prepared = lines.toString();
        long start = System.nanoTime();
        writeLines(prepared);
        return start;
    }

    @Override
    public long processCpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void stop() {
        write(command("stop"));
    }

    @Override
    public void kill() {
        process.destroyForcibly(); // SIGKILL
        waitForExit(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                write(command("stop"));
            } catch (RuntimeException e) {
                // the pipe is gone; the process is being torn down anyway
            }
            if (!waitForExit(Duration.ofSeconds(5))) {
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(5));
            }
        }
    }

    boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ObjectNode command(String name) {
        return ClusterSettings.JSON.createObjectNode().put("cmd", name);
    }

    private void write(ObjectNode command) {
        writeLines(ClusterSettings.JSON.writeValueAsString(command) + '\n');
    }

    private synchronized void writeLines(String lines) {
        try {
            stdin.write(lines);
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("peer " + id + " does not take commands any more", e);
        }
    }

    /** Writes a command and waits for its {@code ok}; acknowledgements of earlier sends are skipped. */
    private void call(ObjectNode command) {
        String name = command.get("cmd").asString();
        write(command);
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        try {
            while (true) {
                JsonNode ack = acks.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (ack == null) {
                    throw new IllegalStateException("peer " + id + " did not acknowledge " + command);
                }
                if (name.equals(ack.path("cmd").asString(""))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command, e);
        }
    }
}
