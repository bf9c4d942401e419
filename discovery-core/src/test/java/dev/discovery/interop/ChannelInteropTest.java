package dev.discovery.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.DropReason;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Channel messages between a Java node and a node-discover node, both ways, and the names we refuse. */
@Tag("slow")
class ChannelInteropTest {

    private static final String CHANNEL = "orders";
    private static final Map<String, Object> OBJECT = Map.of("id", 7, "items", List.of("tea", "cake"), "paid", true);

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @Test
    void javaMessagesReachANodeDiscoverListenerWithObjectStringAndNumberPayloads() {
        Discovery java = cluster.startJava(b -> b);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());
        assertThat(peer.command("join", Map.of("channel", CHANNEL)).booleanValue()).isTrue();

        for (Object payload : List.of(OBJECT, "a string", 42, 2.5)) {
            assertThat(java.send(CHANNEL, payload)).isTrue();
        }

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> assertThat(peer.events("message"))
                .allSatisfy(message -> {
                    assertThat(message.get("channel").stringValue()).isEqualTo(CHANNEL);
                    assertThat(message.get("from").stringValue()).isEqualTo(java.id());
                    assertThat(message.get("hostName").stringValue()).isEqualTo("java-node");
                })
                .extracting(message -> NodeDiscoverPeer.plain(message.get("data")))
                .containsExactlyInAnyOrder(OBJECT, "a string", 42, 2.5));
    }

    @Test
    void nodeDiscoverMessagesReachAJavaHandlerWithObjectStringAndNumberPayloads() {
        Discovery java = cluster.startJava(b -> b);
        List<ChannelMessage> received = new CopyOnWriteArrayList<>();
        assertThat(java.join(CHANNEL, received::add)).isTrue();
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());

        for (Object payload : List.of(OBJECT, "a string", 42, 2.5)) {
            assertThat(peer.command("send", message(payload)).booleanValue()).isTrue();
        }

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> assertThat(received)
                .allSatisfy(message -> {
                    assertThat(message.channel()).isEqualTo(CHANNEL);
                    assertThat(message.sender().id()).isEqualTo(peer.id());
                    assertThat(message.sender().hostName()).isEqualTo("node-peer");
                })
                .extracting(ChannelMessage::payload)
                .containsExactlyInAnyOrder(OBJECT, "a string", 42, 2.5));
    }

    /**
     * node-discover dispatches a packet only when its data is truthy, so 0, "", false and null never reach its
     * listeners; Java nodes deliver them. A truthy message sent last shows when everything sent has arrived.
     */
    @Test
    void falsyPayloadsReachJavaHandlersButNeverANodeDiscoverListener() {
        Discovery java = cluster.startJava(b -> b);
        List<ChannelMessage> atJava = new CopyOnWriteArrayList<>();
        java.join(CHANNEL, atJava::add);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());
        peer.command("join", Map.of("channel", CHANNEL));
        List<Object> falsy = Arrays.asList(0, "", false, null);

        for (Object payload : falsy) {
            java.send(CHANNEL, payload);
            peer.command("send", message(payload));
        }
        java.send(CHANNEL, "last");
        peer.command("send", message("last"));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(atJava).extracting(ChannelMessage::payload)
                    .containsExactlyInAnyOrder(0, "", false, null, "last");
            assertThat(peer.receivedPayloads()).containsExactly("last");
        });
    }

    @Test
    void reservedNamesAreRefusedOnOurSideSoNothingReachesNodeDiscover() {
        Discovery java = cluster.startJava(b -> b);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());
        peer.command("join", Map.of("channel", CHANNEL));
        cluster.awaitFullMesh();

        // node-discover's own names, and "error", which crashes a node-discover process that has no error listener.
        for (String name : List.of("promotion", "demotion", "added", "removed", "master", "hello", "error")) {
            assertThat(java.join(name, m -> { })).as(name).isFalse();
            assertThat(java.send(name, Map.of("isMaster", true))).as(name).isFalse();
        }
        java.send(CHANNEL, "last");

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> assertThat(peer.receivedPayloads()).isNotEmpty());
        assertThat(peer.receivedPayloads()).containsExactly("last");
        assertThat(peer.nodeIds("added")).containsExactly(java.id());
    }

    /**
     * Receivers drop event names over 255 characters, so that is the limit of our API too: the longest name it takes
     * travels both ways, a longer one is refused by join and send rather than lost, and node-discover's longer names
     * (it has no limit) are counted as invalid.
     */
    @Test
    void theLongestChannelNameWeAcceptTravelsBothWaysAndALongerOneIsRefused() {
        String longest = "é".repeat(Discovery.MAX_NAME_LENGTH - 1) + "x";
        String tooLong = longest + "y";
        Discovery java = cluster.startJava(b -> b);
        List<ChannelMessage> atJava = new CopyOnWriteArrayList<>();
        assertThat(java.join(longest, atJava::add)).isTrue();
        assertThat(java.join(tooLong, m -> { })).isFalse();
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());
        peer.command("join", Map.of("channel", longest));
        cluster.awaitFullMesh();

        assertThat(java.send(longest, "from java")).isTrue();
        assertThat(java.send(tooLong, "refused")).isFalse();
        peer.command("send", Map.of("channel", longest, "data", "from node"));
        peer.command("send", Map.of("channel", tooLong, "data", "dropped"));

        await().atMost(MixedCluster.PATIENCE).untilAsserted(() -> {
            assertThat(atJava).extracting(ChannelMessage::payload).containsExactly("from node");
            assertThat(peer.receivedPayloads()).containsExactly("from java");
            assertThat(java.stats().dropped().get(DropReason.INVALID)).isEqualTo(1);
        });
        assertThat(peer.events("message")).singleElement()
                .satisfies(message -> assertThat(message.get("channel").stringValue()).isEqualTo(longest));
    }

    /**
     * node-discover refuses only its own six names: it joins and sends "error" as a channel. Such a message crashes
     * node-discover peers without an error listener; a Java node only counts it as not joined.
     */
    @Test
    void aNodeDiscoverMessageOnTheErrorChannelIsIgnoredByJava() {
        Discovery java = cluster.startJava(b -> b);
        NodeDiscoverPeer peer = cluster.startPeer(Map.of());
        cluster.awaitFullMesh();

        assertThat(peer.command("send", Map.of("channel", "error", "data", Map.of("message", "boom"))).booleanValue())
                .isTrue();

        await().atMost(MixedCluster.PATIENCE).until(() -> java.stats().dropped().get(DropReason.NOT_JOINED) == 1);
        assertThat(java.stats().dataErrors()).isZero();
        assertThat(java.node(peer.id())).isPresent();
    }

    private static Map<String, Object> message(Object payload) {
        Map<String, Object> command = new HashMap<>(); // Map.of refuses the null payload
        command.put("channel", CHANNEL);
        command.put("data", payload);
        return command;
    }
}
