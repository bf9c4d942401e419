package dev.discovery.interop;

import static dev.discovery.interop.MixedCluster.seenBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DropReason;
import dev.discovery.Loopback;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Java node whose seed is a node-discover peer sends it hellos and, since the peer never answers a challenge, a
 * {@code discovery:peers} datagram with every hello: node-discover ignores them and keeps working (the cluster's close
 * fails the test on any error or crash a peer reports).
 */
@Tag("slow")
class SeedsInteropTest {

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void aNodeDiscoverSeedTakesOurHellosAndIgnoresThePeerExchange() {
        int javaPort = cluster.port;
        int peerPort = Loopback.freePort();
        Discovery java = cluster.startJava(b -> b.bindAddress("127.0.0.1").seeds("127.0.0.1:" + peerPort));
        NodeDiscoverPeer peer = cluster.startPeer(
                Map.of("address", "127.0.0.1", "port", peerPort, "unicast", "127.0.0.1:" + javaPort));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(seenBy(java, peer.id()).port()).isEqualTo(peerPort);
            assertThat(seenBy(peer, java.id()).get("port").intValue()).isEqualTo(javaPort);
        });
        cluster.awaitOneAgreedMaster();
        long sentBefore = java.stats().sent();
        // Eight more hellos and challenges reached the peer, and it still runs and still sees us.
        await().atMost(MixedCluster.PATIENCE).until(() -> java.stats().sent() - sentBefore >= 16);
        assertThat(peer.isRunning()).isTrue();
        assertThat(seenBy(peer, java.id())).isNotNull();
        assertThat(java.stats().dropped().get(DropReason.MALFORMED)).isZero();
    }
}
