package dev.discovery.interop;

import static dev.discovery.interop.MixedCluster.seenBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.DropReason;
import dev.discovery.Encryption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keys: the legacy aes256 scheme is node-discover's exactly, while our default authenticated encryption deliberately
 * does not talk to node-discover, plain or keyed, and says why in its stats.
 */
@Tag("slow")
class EncryptionInteropTest {

    private static final String KEY = "secret";

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void aLegacyAes256JavaNodeAndAKeyedNodeDiscoverNodeSeeEachOtherAndTalk() {
        Discovery java = cluster.startJava(b -> b.key(KEY).encryption(Encryption.AES256_LEGACY));
        List<ChannelMessage> atJava = new CopyOnWriteArrayList<>();
        java.join("chat", atJava::add);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of("key", KEY, "advertisement", Map.of("svc", "keyed")));
        peer.command("join", Map.of("channel", "chat"));
        cluster.awaitFullMesh();
        cluster.awaitOneAgreedMaster();

        java.send("chat", Map.of("text", "héllo from java ✓"));
        peer.command("send", Map.of("channel", "chat", "data", Map.of("text", "héllo from node ✓")));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(atJava).extracting(ChannelMessage::payload)
                    .containsExactly(Map.of("text", "héllo from node ✓"));
            assertThat(peer.receivedPayloads()).containsExactly(Map.of("text", "héllo from java ✓"));
        });
        assertThat(seenBy(java, peer.id()).advertisement()).isEqualTo(Map.of("svc", "keyed"));
        assertThat(java.stats().dataErrors()).as("datagrams of the keyed peer that we could not read").isZero();
    }

    @Test
    void aJavaNodeWithTheDefaultAuthenticatedEncryptionAndNodeDiscoverNodesDoNotSeeEachOther() {
        Discovery java = cluster.startJava(b -> b.key(KEY));
        assertThat(java.options().encryption()).isEqualTo(Encryption.AES_256_GCM);
        NodeDiscoverPeer plain = cluster.startPeer(Map.of());
        NodeDiscoverPeer keyed = cluster.startPeer(Map.of("key", KEY));
        long sentWhileBothPeersListen = java.stats().sent();

        // Enough traffic both ways that each side would have seen the other by now, were it readable.
        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(java.stats().sent()).isGreaterThanOrEqualTo(sentWhileBothPeersListen + 5);
            assertThat(java.stats().dropped().get(DropReason.PLAINTEXT_REFUSED)).as("from the plain peer")
                    .isGreaterThanOrEqualTo(5);
            assertThat(java.stats().dropped().get(DropReason.DECRYPT_FAILED)).as("from the keyed peer")
                    .isGreaterThanOrEqualTo(5);
        });
        assertThat(java.nodes()).isEmpty();
        for (NodeDiscoverPeer peer : List.of(plain, keyed)) {
            assertThat(peer.nodes()).as("nodes seen by %s", peer.id()).isEmpty();
            assertThat(peer.events("added")).as("nodes added by %s", peer.id()).isEmpty();
        }
    }
}
