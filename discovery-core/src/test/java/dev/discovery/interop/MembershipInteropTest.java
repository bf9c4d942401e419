package dev.discovery.interop;

import static dev.discovery.interop.MixedCluster.seenBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.Node;
import dev.discovery.RemovalReason;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A Java node and a node-discover node see each other come, change and go, with every field right on both sides. */
@Tag("slow")
class MembershipInteropTest {

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void eachSideSeesTheOtherWithItsHostNameAddressPortWeightAndAdvertisement() {
        Map<String, Object> peerAd = Map.of("svc", "orders", "port", 9090, "tags", List.of("a", "b"));
        Map<String, Object> javaAd = Map.of("svc", "billing", "port", 8080, "nested", Map.of("ok", true));
        // Fractional weights, so that a weight rounded or written as a string on either side shows.
        NodeDiscoverPeer peer = cluster.startPeer(
                Map.of("hostname", "node-host", "weight", 2.25, "advertisement", peerAd));
        Discovery java = cluster.startJava(b -> b.hostName("java-host").weight(3.5));
        java.advertise(javaAd);

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            Node seenByJava = seenBy(java, peer.id());
            assertThat(seenByJava.hostName()).isEqualTo("node-host");
            assertThat(seenByJava.address()).isEqualTo("127.0.0.1");
            assertThat(seenByJava.port()).isEqualTo(cluster.port);
            assertThat(seenByJava.weight()).isEqualTo(2.25);
            assertThat(seenByJava.masterEligible()).isTrue();
            assertThat(seenByJava.advertisement()).isEqualTo(peerAd);

            JsonNode seenByPeer = seenBy(peer, java.id());
            assertThat(seenByPeer.get("hostName").stringValue()).isEqualTo("java-host");
            assertThat(seenByPeer.get("address").stringValue()).isEqualTo("127.0.0.1");
            assertThat(seenByPeer.get("port").intValue()).isEqualTo(cluster.port);
            assertThat(seenByPeer.get("weight").doubleValue()).isEqualTo(3.5);
            assertThat(seenByPeer.get("isMasterEligible").booleanValue()).isTrue();
            assertThat(NodeDiscoverPeer.plain(seenByPeer.get("advertisement"))).isEqualTo(javaAd);
        });
        assertThat(peer.nodeIds("added")).as("nodes added by node-discover").containsExactly(java.id());
    }

    @Test
    void anAdvertisementChangeReachesTheOtherSide() {
        NodeDiscoverPeer peer = cluster.startPeer(Map.of("advertisement", Map.of("version", 1)));
        Discovery java = cluster.startJava(b -> b);
        java.advertise(Map.of("version", 1));
        cluster.awaitFullMesh();

        java.advertise(List.of("now", "a", "list"));
        peer.command("advertise", Map.of("value", "now a string"));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(seenBy(java, peer.id()).advertisement()).isEqualTo("now a string");
            assertThat(NodeDiscoverPeer.plain(seenBy(peer, java.id()).get("advertisement")))
                    .isEqualTo(List.of("now", "a", "list"));
        });
    }

    /** node-discover never deletes a property of a node it knows: only an explicit null withdraws an advertisement. */
    @Test
    void aWithdrawnAdvertisementIsGoneOnTheOtherSide() {
        NodeDiscoverPeer peer = cluster.startPeer(Map.of("advertisement", Map.of("version", 1)));
        Discovery java = cluster.startJava(b -> b);
        java.advertise(Map.of("version", 1));
        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(seenBy(java, peer.id()).advertisement()).isNotNull();
            assertThat(seenBy(peer, java.id()).get("advertisement").isNull()).isFalse();
        });

        java.advertise(null);
        peer.command("advertise", Collections.singletonMap("value", null));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(seenBy(java, peer.id()).advertisement()).isNull();
            assertThat(seenBy(peer, java.id()).get("advertisement").isNull()).isTrue();
        });
    }

    @Test
    void eachSideSeesTheOtherLeave() {
        Discovery staying = cluster.startJava(b -> b);
        Discovery leaving = cluster.startJava(b -> b);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());
        cluster.awaitFullMesh();
        List<DiscoveryEvent.NodeRemoved> removedAtJava = new CopyOnWriteArrayList<>();
        staying.addListener(event -> {
            if (event instanceof DiscoveryEvent.NodeRemoved removed) {
                removedAtJava.add(removed);
            }
        });

        leaving.stop();
        await().atMost(MixedCluster.PATIENCE)
                .untilAsserted(() -> assertThat(peer.nodeIds("removed")).containsExactly(leaving.id()));

        peer.close();
        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> assertThat(removedAtJava)
                .filteredOn(removed -> removed.node().id().equals(peer.id()))
                .singleElement().satisfies(removed -> {
                    // node-discover says no goodbye: it is dropped when it falls silent.
                    assertThat(removed.reason()).isEqualTo(RemovalReason.TIMED_OUT);
                    assertThat(removed.node().hostName()).isEqualTo("node-peer");
                }));
        assertThat(staying.nodes()).isEmpty();
    }
}
