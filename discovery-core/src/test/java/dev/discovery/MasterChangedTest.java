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
}
