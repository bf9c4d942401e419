package dev.discovery.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.Loopback;
import dev.discovery.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Java nodes and node-discover peers on one loopback port, all with the same short timings, and the two views the
 * tests compare across languages: whom each running node knows, and whom it takes for master.
 *
 * <p>Closing stops every node and peer, then fails if any peer reported an error, a crash or a refused command: in
 * no interop test may node-discover be disturbed by what our nodes send.
 */
final class MixedCluster implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The shared discovery port. */
    final int port = Loopback.freePort();
    private final List<Discovery> javaNodes = new ArrayList<>();
    private final List<NodeDiscoverPeer> peers = new ArrayList<>();

    /** Starts a Java node with the loopback options and timings of {@link Loopback}, as customised. */
    Discovery startJava(UnaryOperator<DiscoveryOptions.Builder> customise) {
        return startJava(customise, UUID.randomUUID().toString());
    }

    /** Starts a Java node as {@link #startJava(UnaryOperator)} does, with the id given. */
    Discovery startJava(UnaryOperator<DiscoveryOptions.Builder> customise, String id) {
        Discovery node = Loopback.node(customise.apply(Loopback.options(port).hostName("java-node")).build(), id);
        javaNodes.add(node);
        node.start();
        return node;
    }

    /**
     * Starts a node-discover peer with the same port, broadcast address and timings as the Java nodes; the given
     * node-discover options are added or replace those. With {@code unicast} the broadcast address is left out.
     */
    NodeDiscoverPeer startPeer(Map<String, ?> options) {
        DiscoveryOptions timings = Loopback.options(port).build();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("port", port);
        if (!options.containsKey("unicast")) {
            all.put("broadcast", Loopback.BROADCAST);
        }
        all.put("hostname", "node-peer");
        all.put("helloInterval", timings.helloInterval().toMillis());
        all.put("checkInterval", timings.checkInterval().toMillis());
        all.put("nodeTimeout", timings.nodeTimeout().toMillis());
        all.putAll(options);
        NodeDiscoverPeer peer = NodeDiscoverPeer.start(all);
        peers.add(peer);
        return peer;
    }

    /** Each running node's id → the ids of the other nodes in its table. */
    Map<String, Set<String>> tables() {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        for (Discovery node : runningJavaNodes()) {
            tables.put(node.id(), node.nodes().stream().map(Node::id).collect(Collectors.toSet()));
        }
        for (NodeDiscoverPeer peer : runningPeers()) {
            tables.put(peer.id(), peer.nodes().stream().map(node -> node.get("id").stringValue())
                    .collect(Collectors.toSet()));
        }
        return tables;
    }

    /** Each running node's id → the ids of the masters it knows, itself included when it is one. */
    Map<String, Set<String>> masters() {
        Map<String, Set<String>> masters = new LinkedHashMap<>();
        for (Discovery node : runningJavaNodes()) {
            masters.put(node.id(), node.masters().stream().map(Node::id).collect(Collectors.toSet()));
        }
        for (NodeDiscoverPeer peer : runningPeers()) {
            Set<String> seen = new HashSet<>();
            if (peer.isMaster()) {
                seen.add(peer.id());
            }
            for (JsonNode node : peer.nodes()) {
                if (node.path("isMaster").booleanValue(false)) {
                    seen.add(node.get("id").stringValue());
                }
            }
            masters.put(peer.id(), seen);
        }
        return masters;
    }

    /** The node with this id in a Java node's table; failing as an assertion while it is not there, so awaits retry. */
    static Node seenBy(Discovery observer, String id) {
        return observer.node(id).orElseThrow(() -> new AssertionError(observer.id() + " does not know " + id));
    }

    /** The node with this id in a peer's table; failing as an assertion while it is not there, so awaits retry. */
    static JsonNode seenBy(NodeDiscoverPeer observer, String id) {
        return observer.nodes().stream().filter(node -> node.path("id").stringValue("").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(observer.id() + " does not know " + id));
    }

    /** Waits until every running node knows every other running node. */
    void awaitFullMesh() {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Set<String>> tables = tables();
            Map<String, Set<String>> expected = new LinkedHashMap<>();
            for (String id : tables.keySet()) {
                Set<String> others = new HashSet<>(tables.keySet());
                others.remove(id);
                expected.put(id, others);
            }
            assertThat(tables).as("who each node knows").isEqualTo(expected);
        });
    }

    /** Waits until every running node takes exactly these nodes for the masters. */
    void awaitMasters(String... ids) {
        Set<String> expected = Set.of(ids);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(masters()).as("whom each node takes for master")
                .allSatisfy((node, masters) -> assertThat(masters).as(node).isEqualTo(expected)));
    }

    /** Waits until the running nodes agree on one master, and returns its id. */
    String awaitOneAgreedMaster() {
        AtomicReference<String> agreed = new AtomicReference<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            Collection<Set<String>> views = masters().values();
            assertThat(new HashSet<>(views)).as("whom each node takes for master").singleElement()
                    .satisfies(masters -> assertThat(masters).hasSize(1));
            agreed.set(views.iterator().next().iterator().next());
        });
        return agreed.get();
    }

    /**
     * Asks every running node to step down (a node that is not master ignores it, apart from a node-discover hello), so
     * that the next checks elect afresh by weight alone. Needed because neither implementation lets a heavier
     * newcomer displace a sitting master: who sits first depends on which process happened to start first.
     */
    void askEveryNodeToStepDown() {
        runningJavaNodes().forEach(node -> node.demote(false));
        runningPeers().forEach(peer -> peer.command("demote", Map.of("permanent", false)));
    }

    private List<Discovery> runningJavaNodes() {
        return javaNodes.stream().filter(Discovery::isRunning).toList();
    }

    private List<NodeDiscoverPeer> runningPeers() {
        return peers.stream().filter(NodeDiscoverPeer::isRunning).toList();
    }

    @Override
    public void close() {
        try {
            javaNodes.forEach(Discovery::stop);
        } finally {
            peers.forEach(NodeDiscoverPeer::close);
        }
        List<String> problems = new ArrayList<>();
        for (NodeDiscoverPeer peer : peers) {
            peer.problems().forEach(p -> problems.add(peer.id() + ": " + p));
        }
        assertThat(problems).as("errors, crashes or refused commands reported by node-discover peers").isEmpty();
    }
}
