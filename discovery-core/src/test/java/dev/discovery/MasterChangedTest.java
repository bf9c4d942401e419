package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.DiscoveryEvent.MasterChanged;
import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MasterChanged follows every event that changes who is master, with the masters as they are after the change. */
class MasterChangedTest {

    private static List<String> story(SimNode node) {
        return node.events.stream().map(MasterChangedTest::describe).toList();
    }

    private static String describe(DiscoveryEvent event) {
        if (event instanceof MasterChanged e) {
            return "changed " + e.node().id() + (e.master() ? " up " : " down ")
                    + e.masters().stream().map(Node::id).toList();
        }
        return event.getClass().getSimpleName();
    }

    @Test
    void followsElectionTimeoutAndPromotion() {
        SimCluster cluster = new SimCluster(70);
        SimNode a = cluster.add(1, o -> o.weight(3.0));
        SimNode b = cluster.add(2, o -> o.weight(2.0));
        cluster.add(3, o -> o.weight(1.0));
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        cluster.network.isolate(a.address); // a, the master, falls silent: b, the next heaviest, takes over
        cluster.run(Duration.ofSeconds(3));

        assertThat(story(b)).containsSubsequence("MasterElected", "changed node-0001 up [node-0001]",
                "NodeRemoved", "changed node-0001 down []", "Promoted", "changed node-0002 up [node-0002]");
        assertThat(b.events).filteredOn(MasterChanged.class::isInstance).hasSize(3);
    }

    @Test
    void aNewcomerThatIsAlreadyMasterIsListedAmongTheMasters() {
        SimCluster cluster = new SimCluster(71, o -> o.mastersRequired(2));
        SimNode a = cluster.add(1, o -> o.weight(2.0));
        SimNode b = cluster.add(2, o -> o.weight(1.0));
        a.discovery.start();
        cluster.run(Duration.ofSeconds(3));
        b.discovery.promote();
        b.discovery.start();
        cluster.run(Duration.ofMillis(10));

        assertThat(story(a)).containsSubsequence("Promoted", "changed node-0001 up [node-0001]", "NodeAdded",
                "MasterElected", "changed node-0002 up [node-0001, node-0002]");
        assertThat(a.discovery.masters()).extracting(Node::id).containsExactly("node-0001", "node-0002");
    }

    @Test
    void aMasterSteppingDownIsAChangeToo() {
        SimCluster cluster = new SimCluster(72);
        SimNode a = cluster.add(1, o -> o.weight(2.0));
        SimNode b = cluster.add(2, o -> o.weight(1.0));
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        a.discovery.demote(true);
        cluster.run(Duration.ofMillis(10));

        assertThat(story(b)).containsSubsequence("MasterElected", "changed node-0001 up [node-0001]", "NodeUpdated",
                "changed node-0001 down []");
        assertThat(story(a)).containsSubsequence("Demoted", "changed node-0001 down []");
    }

    @Test
    void aForgedMasterClaimTheElectionWouldNotKeepIsNeitherListedNorReported() throws Exception {
        // Issue 20, item 5: a forged isMaster:true with a lower weight was listed next to the real master while it sent.
        SimCluster cluster = new SimCluster(71);
        SimNode a = cluster.add(1, o -> o.weight(3.0));
        SimNode b = cluster.add(2, o -> o.weight(2.0).masterEligible(false));
        dev.discovery.spi.Transport attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        assertThat(cluster.actualMasters()).containsExactly(a.id);
        int events = b.events.size();
        String forged = "{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"forged\",\"hostName\":\"x\",\"data\":"
                + "{\"isMaster\":true,\"isMasterEligible\":true,\"weight\":1}}";
        for (int i = 0; i < 50; i++) {
            attacker.send(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8), SimCluster.BROADCAST);
            cluster.run(Duration.ofMillis(200));
            for (SimNode node : List.of(a, b)) {
                assertThat(node.discovery.masters()).extracting(Node::id).containsExactly(a.id);
            }
        }
        assertThat(b.discovery.node("forged")).get().satisfies(n -> assertThat(n.master()).isFalse());
        assertThat(b.events.subList(events, b.events.size())).extracting(MasterChangedTest::describe)
                .containsExactly("NodeAdded");

        // When the real master is gone, the claim is what the rule keeps: then it is listed, and reported.
        cluster.network.isolate(a.address);
        for (int i = 0; i < 20; i++) {
            attacker.send(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8), SimCluster.BROADCAST);
            cluster.run(Duration.ofMillis(200));
        }
        assertThat(b.discovery.masters()).extracting(Node::id).containsExactly("forged");
        assertThat(story(b)).containsSubsequence("NodeRemoved", "changed node-0001 down []", "NodeUpdated",
                "MasterElected", "changed forged up [forged]");
    }
}
