package dev.discovery.interop;

import static dev.discovery.interop.MixedCluster.seenBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.Loopback;
import dev.discovery.Node;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Unicast both ways: each node lists only the other's address and port, and they still find each other and talk. */
@Tag("slow")
class UnicastInteropTest {

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void aJavaNodeAndANodeDiscoverNodeFindEachOtherAndTalkOverUnicast() {
        int javaPort = cluster.port;
        int peerPort = Loopback.freePort();
        Discovery java = cluster.startJava(b -> b.bindAddress("127.0.0.1").unicast("127.0.0.1:" + peerPort));
        List<ChannelMessage> atJava = new CopyOnWriteArrayList<>();
        java.join("chat", atJava::add);
        NodeDiscoverPeer peer = cluster.startPeer(
                Map.of("address", "127.0.0.1", "port", peerPort, "unicast", "127.0.0.1:" + javaPort));
        peer.command("join", Map.of("channel", "chat"));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            Node seenByJava = seenBy(java, peer.id());
            assertThat(seenByJava.address()).isEqualTo("127.0.0.1");
            assertThat(seenByJava.port()).isEqualTo(peerPort);
            JsonNode seenByPeer = seenBy(peer, java.id());
            assertThat(seenByPeer.get("address").stringValue()).isEqualTo("127.0.0.1");
            assertThat(seenByPeer.get("port").intValue()).isEqualTo(javaPort);
        });
        cluster.awaitOneAgreedMaster();

        java.send("chat", Map.of("from", "java"));
        peer.command("send", Map.of("channel", "chat", "data", Map.of("from", "node")));
        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(atJava).extracting(ChannelMessage::payload).containsExactly(Map.of("from", "node"));
            assertThat(peer.receivedPayloads()).containsExactly(Map.of("from", "java"));
        });
    }
}
