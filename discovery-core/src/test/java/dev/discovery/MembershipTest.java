package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MembershipTest {

    @Test
    void nodesFindEachOtherWithinOneHelloInterval() {
        SimCluster cluster = new SimCluster(1);
        List<SimNode> nodes = cluster.addMany(5);
        cluster.startAll();
        // Nodes started earlier are heard at their next hello; the last one's first hello reaches all at once.
        cluster.run(Duration.ofMillis(10));
        assertThat(nodes.get(0).peerIds()).contains("node-0005");
        cluster.run(Duration.ofMillis(1000));

        for (SimNode node : nodes) {
            Set<String> others = nodes.stream().filter(n -> n != node).map(n -> n.id).collect(Collectors.toSet());
            assertThat(node.peerIds()).isEqualTo(others);
            assertThat(node.events(DiscoveryEvent.NodeAdded.class)).hasSize(4);
        }
        Node seen = nodes.get(0).discovery.node("node-0002").orElseThrow();
        assertThat(seen.address()).isEqualTo("10.0.0.3");
        assertThat(seen.hostName()).isEqualTo("sim");
        assertThat(seen.port()).isEqualTo(12345);
        assertThat(seen.processId()).isEqualTo(Discovery.PROCESS_ID);
    }

    @Test
    void aSilentNodeIsRemovedAtItsDeadlineNotAtTheNextCheck() {
        SimCluster cluster = new SimCluster(2);
        List<SimNode> nodes = cluster.addMany(3);
        cluster.startAll();
        cluster.run(Duration.ofMillis(2500));
        SimNode silent = nodes.get(2);
        // Its last hello went out at 2000 ms and arrived at 2001: the deadline is 4001.
        cluster.network.isolate(silent.address);
        cluster.run(Duration.ofMillis(1499));
        assertThat(nodes.get(0).peerIds()).contains(silent.id);

        cluster.run(Duration.ofMillis(2));
        assertThat(nodes.get(0).peerIds()).doesNotContain(silent.id);
        DiscoveryEvent.NodeRemoved removed = nodes.get(0).events(DiscoveryEvent.NodeRemoved.class).get(0);
        assertThat(removed.node().id()).isEqualTo(silent.id);
        assertThat(removed.reason()).isEqualTo(RemovalReason.TIMED_OUT);
    }

    @Test
    void aStoppedNodeIsRemovedAtOnceWithTheReasonLeft() {
        SimCluster cluster = new SimCluster(3);
        List<SimNode> nodes = cluster.addMany(3);
        cluster.startAll();
        cluster.run(Duration.ofMillis(1500));

        nodes.get(1).discovery.stop();
        cluster.run(Duration.ofMillis(2));

        for (SimNode other : List.of(nodes.get(0), nodes.get(2))) {
            assertThat(other.peerIds()).doesNotContain(nodes.get(1).id);
            assertThat(other.events(DiscoveryEvent.NodeRemoved.class))
                    .singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.LEFT));
        }
    }

    @Test
    void aStoppedNodeSendsNothingAndCanStartAgain() {
        SimCluster cluster = new SimCluster(4);
        List<SimNode> nodes = cluster.addMany(2);
        cluster.startAll();
        cluster.run(Duration.ofSeconds(1));
        SimNode node = nodes.get(1);
        node.discovery.stop();
        node.discovery.stop(); // idempotent
        long sent = node.discovery.stats().sent();
        cluster.run(Duration.ofSeconds(5));
        assertThat(node.discovery.stats().sent()).isEqualTo(sent);
        assertThat(node.discovery.nodes()).isEmpty();

        node.discovery.start();
        node.discovery.start(); // idempotent
        cluster.run(Duration.ofMillis(1100));
        assertThat(node.peerIds()).containsExactly(nodes.get(0).id);
        assertThat(nodes.get(0).peerIds()).containsExactly(node.id);
    }

    @Test
    void anAdvertisementChangeReachesPeersAtOnceAsAnUpdate() {
        SimCluster cluster = new SimCluster(5);
        List<SimNode> nodes = cluster.addMany(2);
        cluster.startAll();
        cluster.run(Duration.ofMillis(1100));

        record Web(String name, int port) { }
        nodes.get(0).discovery.advertise(new Web("web", 8080));
        cluster.run(Duration.ofMillis(2));

        Node seen = nodes.get(1).discovery.node(nodes.get(0).id).orElseThrow();
        assertThat(seen.advertisement(Web.class)).isEqualTo(new Web("web", 8080));
        assertThat(seen.advertisementMap()).containsEntry("name", "web");
        assertThat(nodes.get(1).events(DiscoveryEvent.NodeUpdated.class)).singleElement()
                .satisfies(u -> {
                    assertThat(u.previous().advertisement()).isNull();
                    assertThat(u.node().advertisementMap()).containsEntry("port", 8080);
                });
    }

    /**
     * Hellos carry their advertisement as text, and the receiver builds a tree only when the text differs from the one
     * it holds: a change, a repeat of the same text, and a withdrawal must each be seen as they are.
     */
    @Test
    void aChangedAdvertisementIsAnUpdateAndTheSameTextAgainIsNone() {
        SimCluster cluster = new SimCluster(8);
        List<SimNode> nodes = cluster.addMany(2);
        cluster.startAll();
        nodes.get(0).discovery.advertise(java.util.Map.of("port", 1));
        cluster.run(Duration.ofMillis(1100));
        nodes.get(0).discovery.advertise(java.util.Map.of("port", 2));
        cluster.run(Duration.ofSeconds(3)); // several hellos with the same text
        nodes.get(0).discovery.advertise(null);
        cluster.run(Duration.ofSeconds(3));

        List<Object> seen = nodes.get(1).events(DiscoveryEvent.NodeUpdated.class).stream()
                .filter(u -> !java.util.Objects.equals(u.previous().advertisement(), u.node().advertisement()))
                .map(u -> u.node().advertisement()).toList();
        assertThat(seen).containsExactly(java.util.Map.of("port", 2), null);
        assertThat(nodes.get(1).discovery.node(nodes.get(0).id).orElseThrow().advertisement()).isNull();
    }

    @Test
    void aClientListensButIsNeverSeen() {
        SimCluster cluster = new SimCluster(6);
        SimNode server = cluster.add(1);
        SimNode client = cluster.add(2, b -> b.client(true));
        cluster.startAll();
        cluster.run(Duration.ofSeconds(5));

        assertThat(client.peerIds()).containsExactly(server.id);
        assertThat(server.peerIds()).isEmpty();
        assertThat(client.discovery.isMaster()).isFalse();
        assertThat(client.discovery.promote()).isFalse();
        client.discovery.demote(true); // found by the simulation: this once sent a hello
        client.discovery.advertise(java.util.Map.of("name", "cli"));
        cluster.run(Duration.ofSeconds(5));
        assertThat(client.discovery.stats().sent()).isZero();
        assertThat(server.peerIds()).isEmpty();
        assertThat(server.discovery.isMaster()).isTrue();
    }

    @Test
    void theTableIsBoundedByMaxNodes() {
        SimCluster cluster = new SimCluster(7, b -> b.maxNodes(3));
        List<SimNode> nodes = cluster.addMany(6);
        cluster.startAll();
        cluster.run(Duration.ofSeconds(1));
        assertThat(nodes.get(0).discovery.nodes()).hasSize(3);
        assertThat(nodes.get(0).discovery.stats().dropped().get(DropReason.TABLE_FULL)).isPositive();
    }
}
