package dev.discovery.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.RemovalReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our goodbye, the one message of ours node-discover does not know, does not disturb it: no error, no spurious node,
 * and no early removal either (it keeps the node until it falls silent, which the membership test shows).
 */
@Tag("slow")
class GoodbyeInteropTest {

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void nodeDiscoverIgnoresOurGoodbye() {
        Discovery witness = cluster.startJava(b -> b);
        Discovery leaving = cluster.startJava(b -> b);
        // A timeout far longer than the test: only the goodbye could remove the leaving node from this peer's table.
        NodeDiscoverPeer peer = cluster.startPeer(Map.of("nodeTimeout", 60_000));
        cluster.awaitFullMesh();
        List<DiscoveryEvent.NodeRemoved> removedAtWitness = new CopyOnWriteArrayList<>();
        witness.addListener(event -> {
            if (event instanceof DiscoveryEvent.NodeRemoved removed) {
                removedAtWitness.add(removed);
            }
        });

        leaving.stop();
        // The witness shares the port with the peer, so the goodbye it acted on reached the peer too.
        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> assertThat(removedAtWitness).singleElement()
                .satisfies(removed -> assertThat(removed.reason()).isEqualTo(RemovalReason.LEFT)));

        assertThat(peer.nodes()).extracting(node -> node.get("id").stringValue())
                .containsExactlyInAnyOrder(witness.id(), leaving.id());
        assertThat(peer.nodeIds("added")).containsExactlyInAnyOrder(witness.id(), leaving.id());
        assertThat(peer.nodeIds("removed")).isEmpty();
        assertThat(peer.problems()).isEmpty();
    }
}
