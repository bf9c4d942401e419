package dev.discovery.bench;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryOptions;
import dev.discovery.Node;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Java node in a JVM of its own that speaks the same line protocol as node-discover's interoperability peer
 * ({@code interop/node/peer.js}): options as JSON in the first argument, one JSON event per line on stdout, JSON
 * commands on stdin ({@code join}, {@code leave}, {@code send}, {@code promote}, {@code demote}, {@code stop}). So a
 * Java process and a node-discover process are driven, and timed, by the same harness code.
 */
public final class JavaPeerMain {

    private final OutputStream out;

    private static final int MAX_HELD = 32 * 1024;

    /** Lines not written yet; guarded by this. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(MAX_HELD + 2048);

    private JavaPeerMain(OutputStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        JsonNode options = ClusterSettings.JSON.readTree(args[0]);
        // Straight to the file descriptor, one write per line, as peer.js's process.stdout.write does: System.out
        // would split a line into several writes (its buffer holds 128 bytes) and send the newline on its own.
        JavaPeerMain peer = new JavaPeerMain(new FileOutputStream(FileDescriptor.out));
        peer.run(options(options));
    }

    private static DiscoveryOptions options(JsonNode json) {
        return DiscoveryOptions.builder()
                .port(json.get("port").asInt())
                .broadcast(json.get("broadcast").asString())
                .hostName(json.path("hostname").asString("bench"))
                .weight(json.get("weight").asDouble())
                .helloInterval(Duration.ofMillis(json.get("helloInterval").asLong()))
                .checkInterval(Duration.ofMillis(json.get("checkInterval").asLong()))
                .nodeTimeout(Duration.ofMillis(json.get("nodeTimeout").asLong()))
                .masterTimeout(Duration.ofMillis(json.get("masterTimeout").asLong()))
                .build();
    }

    private void run(DiscoveryOptions options) throws Exception {
        Discovery discovery = new Discovery(options);
        discovery.addListener(this::onEvent);
        discovery.start();
        emit(event("started").put("id", discovery.id()).put("weight", options.weight()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode command = ClusterSettings.JSON.readTree(line);
            String name = command.path("cmd").asString("");
            Object result = null;
            switch (name) {
                case "join" -> {
                    String channel = command.get("channel").asString();
                    result = discovery.join(channel, message -> onMessage(channel, message));
                }
                case "leave" -> result = discovery.leave(command.get("channel").asString());
                case "send" -> result = discovery.send(command.get("channel").asString(), command.get("data"));
                case "promote" -> discovery.promote();
                case "demote" -> discovery.demote(command.path("permanent").asBoolean(false));
                case "stop" -> {
                    emit(event("ok").put("cmd", "stop").putNull("result"));
                    discovery.stop();
                    emit(event("stopped"));
                    return;
                }
                default -> {
                    emit(event("badcommand").put("line", line).put("reason", "unknown cmd"));
                    continue;
                }
            }
            acknowledge(event("ok").put("cmd", name).putPOJO("result", result), in.ready());
        }
        discovery.stop();
        emit(event("stopped"));
    }

    private void onEvent(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            emit(withNode("added", e.node()));
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            emit(withNode("removed", e.node()));
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            emit(withNode("master", e.node()));
        } else if (event instanceof DiscoveryEvent.Promoted) {
            emit(event("promotion"));
        } else if (event instanceof DiscoveryEvent.Demoted) {
            emit(event("demotion"));
        }
    }

    private void onMessage(String channel, ChannelMessage message) {
        emit(event("message").put("channel", channel).putPOJO("data", message.payload())
                .put("from", message.sender().id()).put("hostName", message.sender().hostName()));
    }

    private static ObjectNode withNode(String name, Node node) {
        ObjectNode line = event(name);
        line.putObject("node")
                .put("id", node.id())
                .put("hostName", node.hostName())
                .put("address", node.address())
                .put("port", node.port())
                .put("weight", node.weight())
                .put("isMaster", node.master())
                .put("isMasterEligible", node.masterEligible());
        return line;
    }

    private static ObjectNode event(String name) {
        return ClusterSettings.JSON.createObjectNode().put("event", name);
    }

    /**
     * One line per event, written at once with any acknowledgements still held, as peer.js writes them; events and
     * acknowledgements come from two threads.
     */
    private synchronized void emit(ObjectNode line) {
        append(line);
        flush();
    }

    /**
     * An acknowledgement, held while more commands wait in stdin's buffer and written with the others once it runs
     * dry (or holds {@value #MAX_HELD} bytes): one write per burst of commands instead of one per command. peer.js
     * does the same (it corks stdout while it reads one chunk of stdin). A command followed by none is acknowledged
     * at once, so a paced command's acknowledgement is never late.
     */
    private synchronized void acknowledge(ObjectNode line, boolean moreCommandsWaiting) {
        append(line);
        if (!moreCommandsWaiting || held.size() >= MAX_HELD) {
            flush();
        }
    }

    private void append(ObjectNode line) {
        ClusterSettings.JSON.writeValue(held, line);
        held.write('\n');
    }

    private void flush() {
        try {
            held.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is gone", e);
        } finally {
            held.reset();
        }
    }
}
