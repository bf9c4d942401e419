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
 * The suspicion protocol's datagrams ({@code discovery:ping}, {@code -check}, {@code -alive}, {@code -suspect}) do not
 * disturb node-discover: it ignores them, keeps every node, and is itself never checked, so never suspected.
 */
@Tag("slow")
class SuspicionInteropTest {

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void nodeDiscoverIgnoresChecksAndIsNeverSuspected() {
        Discovery caller = cluster.startJava(b -> b);
        Discovery checked = cluster.startJava(b -> b);
        Discovery helper = cluster.startJava(b -> b);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of("nodeTimeout", 60_000));
        cluster.awaitFullMesh();
        List<DiscoveryEvent> suspicion = new CopyOnWriteArrayList<>();
        for (Discovery node : List.of(caller, checked, helper)) {
            node.addListener(event -> {
                if (event instanceof DiscoveryEvent.SuspicionRefuted || event instanceof DiscoveryEvent.NodeRemoved) {
                    suspicion.add(event);
                }
            });
        }
        // The Java nodes have told each other that they speak the protocol; the peer never does.
        await().atMost(MixedCluster.PATIENCE).until(() -> caller.reportUnreachable(checked.id()));
        await().atMost(MixedCluster.PATIENCE).until(() -> suspicion.stream()
                .anyMatch(e -> e instanceof DiscoveryEvent.SuspicionRefuted r && r.node().id().equals(checked.id())));
        assertThat(caller.reportUnreachable(peer.id())).as("a node-discover peer is never checked").isFalse();

        assertThat(suspicion).noneMatch(e -> e instanceof DiscoveryEvent.NodeRemoved removed
                && removed.reason() == RemovalReason.SUSPECTED);
        assertThat(peer.nodes()).extracting(node -> node.get("id").stringValue())
                .containsExactlyInAnyOrder(caller.id(), checked.id(), helper.id());
        assertThat(peer.nodeIds("removed")).isEmpty();
        assertThat(peer.problems()).isEmpty();
        assertThat(caller.suspicionStats().refuted()).isPositive();
    }
}
