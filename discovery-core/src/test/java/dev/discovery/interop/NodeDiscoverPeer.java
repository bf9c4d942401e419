package dev.discovery.interop;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node-discover 1.2.1 instance in its own Node.js process (interop/node/peer.js, see its README): it takes
 * commands as JSON lines on stdin and prints every event as a JSON line on stdout, which this class keeps in order.
 * Closing it ends the process, forcibly when it does not stop by itself.
 */
final class NodeDiscoverPeer implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Events by which the peer reports that something went wrong on its side. */
    private static final Set<String> PROBLEMS = Set.of("error", "crash", "fatal", "badcommand", "unparsable");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    /** The replies to commands ({@code ok} or {@code badcommand}), in the order the commands were given. */
    private final List<JsonNode> replies = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private volatile JsonNode lastNodes;
    private String id;

    private NodeDiscoverPeer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readLines(process.getInputStream(), "stdout", this::onLine);
        readLines(process.getErrorStream(), "stderr", stderr::add);
    }

    /**
     * Starts a peer and waits until it is bound and has said its first hello.
     *
     * @param options node-discover's options, as peer.js takes them; they must keep all traffic on loopback
     */
    static NodeDiscoverPeer start(Map<String, ?> options) {
        ProcessBuilder builder = new ProcessBuilder("node", "peer.js", JSON.writeValueAsString(options))
                .directory(PeerInstallation.folder().toFile());
        NodeDiscoverPeer peer;
        try {
            peer = new NodeDiscoverPeer(builder.start());
        } catch (IOException e) {
            throw new AssertionError("Cannot start the node-discover peer: " + e.getMessage(), e);
        }
        try {
            await().atMost(PATIENCE).until(() -> !peer.events("started").isEmpty() || !peer.process.isAlive());
            peer.id = peer.events("started").stream().findFirst()
                    .orElseThrow(() -> new AssertionError("The node-discover peer did not start: " + peer))
                    .get("id").stringValue();
            return peer;
        } catch (RuntimeException | AssertionError e) {
            peer.close();
            throw e;
        }
    }

    private void readLines(InputStream stream, String name, Consumer<String> sink) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "node-discover-peer-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void onLine(String line) {
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (RuntimeException e) {
            event = JSON.createObjectNode().put("event", "unparsable").put("line", line);
        }
        String name = name(event);
        if (name.equals("nodes")) {
            lastNodes = event.get("nodes");
        }
        events.add(event);
        if (name.equals("ok") || name.equals("badcommand")) {
            replies.add(event);
        }
    }

    private static String name(JsonNode event) {
        return event.path("event").stringValue("");
    }

    /** The node-discover instance id ({@code iid}), which is the node's id on both sides. */
    String id() {
        return id;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Every event line printed so far with this name, in order. */
    List<JsonNode> events(String name) {
        return events.stream().filter(e -> name(e).equals(name)).toList();
    }

    /** The ids of the nodes in every event of this name ({@code added}, {@code removed}, {@code master}), in order. */
    List<String> nodeIds(String name) {
        return events(name).stream().map(e -> e.at("/node/id").stringValue()).toList();
    }

    /** The data of every channel message this peer received, as plain Java values, in order. */
    List<Object> receivedPayloads() {
        return events("message").stream().map(m -> plain(m.get("data"))).toList();
    }

    /** Lines reporting an error, a crash or a refused command: none is expected in any interop test. */
    List<JsonNode> problems() {
        return events.stream().filter(e -> PROBLEMS.contains(name(e))).toList();
    }

    /**
     * Gives a command (peer.js's stdin protocol) and waits for its reply.
     *
     * @param cmd    the command name
     * @param fields further fields of the command, such as {@code channel} and {@code data}
     * @return the command's result (JSON null when node-discover returned nothing)
     */
    synchronized JsonNode command(String cmd, Map<String, ?> fields) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("cmd", cmd);
        command.putAll(fields);
        int replied = replies.size();
        try {
            stdin.write(JSON.writeValueAsString(command) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("Cannot give the node-discover peer a command: " + this, e);
        }
        await().atMost(PATIENCE).until(() -> replies.size() > replied || !process.isAlive());
        if (replies.size() <= replied) {
            throw new AssertionError("The node-discover peer ended before it answered " + command + ": " + this);
        }
        JsonNode reply = replies.get(replied);
        if (!name(reply).equals("ok")) {
            throw new AssertionError("The node-discover peer refused " + command + ": " + reply);
        }
        return reply.get("result");
    }

    JsonNode command(String cmd) {
        return command(cmd, Map.of());
    }

    /** node-discover's table now: every node it knows, as peer.js describes them. */
    List<JsonNode> nodes() {
        command("nodes"); // peer.js prints the nodes line before the ok line, so it has been read by now
        List<JsonNode> nodes = new ArrayList<>();
        lastNodes.forEach(nodes::add);
        return nodes;
    }

    /** Whether this instance is master now: node-discover reports each change of its own state as an event. */
    boolean isMaster() {
        boolean master = false;
        for (JsonNode event : events) {
            if (name(event).equals("promotion")) {
                master = true;
            } else if (name(event).equals("demotion")) {
                master = false;
            }
        }
        return master;
    }

    /** A JSON value from the peer as plain Java values (maps, lists, strings, numbers), to compare with ours. */
    static Object plain(JsonNode json) {
        return JSON.treeToValue(json, Object.class);
    }

    /** Ends the peer: closing stdin makes peer.js stop node-discover and exit; a peer that hangs is killed. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "node-discover peer " + id + " (" + (process.isAlive() ? "running" : "exited " + process.exitValue())
                + ")\n  stdout: " + events + "\n  stderr: " + stderr;
    }
}
