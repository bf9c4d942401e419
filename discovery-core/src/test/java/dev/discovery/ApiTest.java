package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTest {

    @Test
    void everyCallIsSafeBeforeStart() {
        SimCluster cluster = new SimCluster(60);
        SimNode node = cluster.add(1);
        Discovery d = node.discovery;
        assertThat(d.send("chat", "hi")).isFalse();
        assertThat(d.join("chat", m -> { })).isTrue();
        assertThat(d.leave("chat")).isTrue();
        d.advertise(Map.of("name", "web"));
        assertThat(d.promote()).isTrue();
        d.demote(false);
        assertThat(d.nodes()).isEmpty();
        assertThat(d.masters()).isEmpty();
        assertThat(d.self().advertisementMap()).containsEntry("name", "web");
        d.stop();
    }

    @Test
    void aNodePromotedBeforeStartTellsItsListenersWhenItStarts() {
        SimCluster cluster = new SimCluster(67);
        SimNode node = cluster.add(1);
        node.discovery.promote();
        cluster.run(Duration.ofMillis(5));
        assertThat(node.events).isEmpty();
        node.discovery.start();
        cluster.run(Duration.ofMillis(5));
        assertThat(node.events(DiscoveryEvent.Promoted.class)).hasSize(1);
        node.discovery.stop();
        cluster.run(Duration.ofMillis(5));
        assertThat(node.events(DiscoveryEvent.Demoted.class)).hasSize(1);
    }

    @Test
    void reservedNamesAreRefused() {
        SimCluster cluster = new SimCluster(61);
        Discovery d = cluster.add(1).discovery;
        d.start();
        for (String name : List.of("promotion", "demotion", "added", "removed", "master", "hello", "error",
                "discovery:goodbye", "check", "")) {
            assertThat(d.join(name, m -> { })).as(name).isFalse();
            assertThat(d.send(name, "x")).as(name).isFalse();
            assertThat(d.leave(name)).as(name).isFalse();
        }
        assertThat(d.join("chat", m -> { })).isTrue();
        assertThat(d.join("chat", m -> { })).isFalse();
    }

    @Test
    void channelMessagesReachSubscribersOnlyWithEveryPayloadKind() {
        SimCluster cluster = new SimCluster(62);
        SimNode a = cluster.add(1);
        SimNode b = cluster.add(2);
        SimNode c = cluster.add(3);
        cluster.startAll();
        cluster.run(Duration.ofMillis(1100));
        List<ChannelMessage> atB = new ArrayList<>();
        List<ChannelMessage> atC = new ArrayList<>();
        b.discovery.join("chat", atB::add);
        c.discovery.join("other", atC::add);

        record Point(int x, int y) { }
        for (Object payload : new Object[] {Map.of("text", "hi"), "a string", 42, 0, false, List.of(1, 2), new Point(1, 2)}) {
            assertThat(a.discovery.send("chat", payload)).isTrue();
        }
        a.discovery.send("chat", null);
        cluster.run(Duration.ofMillis(5));

        assertThat(atB).extracting(ChannelMessage::payload).containsExactly(Map.of("text", "hi"), "a string", 42, 0,
                false, List.of(1, 2), Map.of("x", 1, "y", 2), null);
        assertThat(atB.get(6).payload(Point.class)).isEqualTo(new Point(1, 2));
        assertThat(atB.get(0).sender().id()).isEqualTo(a.id);
        assertThat(atB.get(0).channel()).isEqualTo("chat");
        assertThat(atC).isEmpty();

        b.discovery.leave("chat");
        a.discovery.send("chat", "after leave");
        cluster.run(Duration.ofMillis(5));
        assertThat(atB).hasSize(8);
    }

    @Test
    void oversizedAdvertisementsAndMessagesAreRefusedLoudly() {
        SimCluster cluster = new SimCluster(63);
        Discovery d = cluster.add(1).discovery;
        d.start();
        String big = "x".repeat(70_000);
        assertThatThrownBy(() -> d.advertise(Map.of("blob", big)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Advertisement too large");
        assertThatThrownBy(() -> d.send("chat", big))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> d.advertise(new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
    }

    @Test
    void aThrowingListenerIsLoggedAndTheOthersStillRun() {
        SimCluster cluster = new SimCluster(64);
        SimNode a = cluster.add(1);
        SimNode b = cluster.add(2);
        List<DiscoveryEvent> after = new ArrayList<>();
        a.discovery.addListener(e -> { throw new IllegalStateException("listener bug"); });
        a.discovery.addListener(after::add);
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        assertThat(after).isNotEmpty();
        assertThat(a.discovery.nodes()).extracting(Node::id).containsExactly(b.id);
    }

    @Test
    void eventsOfOneNodeArriveInOrder() {
        SimCluster cluster = new SimCluster(65, b -> b.weight(1.0));
        SimNode a = cluster.add(1);
        SimNode b = cluster.add(2);
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        b.discovery.stop();
        cluster.run(Duration.ofMillis(10));
        // b (larger id, equal weight) was master: a sees it added, elected, removed, then promotes itself; a settles,
        // and hears that b has. (MasterChanged, derived from these, has its own test.)
        assertThat(a.events).filteredOn(e -> !(e instanceof DiscoveryEvent.MasterChanged))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("NodeAdded", "Settled", "NodeUpdated", "MasterElected", "NodeUpdated", "NodeRemoved",
                        "Promoted");
    }

    @Test
    void theLegacyEncryptionWarnsAtStartThatItIsNotAuthenticated() {
        List<ILoggingEvent> log = discoveryLog(() -> {
            SimCluster cluster = new SimCluster(66, b -> b.key("secret").encryption(Encryption.AES256_LEGACY));
            Discovery d = cluster.add(1).discovery;
            d.start();
            d.start();
        });
        assertThat(log).filteredOn(e -> e.getFormattedMessage().contains("not authenticated"))
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("AES_256_GCM"));
    }

    @Test
    void nodesWithDifferentKeysAreToldOncePerMinuteThatDatagramsFailToDecrypt() {
        SimCluster cluster = new SimCluster(67, b -> b.key("one key"));
        SimNode a = cluster.add(1);
        cluster.add(2, b -> b.key("another key"));
        List<ILoggingEvent> log = discoveryLog(() -> {
            cluster.startAll();
            cluster.run(Duration.ofSeconds(90)); // about 90 hellos of the other node, in two log intervals
        });
        assertThat(a.discovery.nodes()).isEmpty();
        // About 90 failing hellos per node: logged once per interval with a count, never once per datagram.
        assertThat(log).filteredOn(e -> e.getFormattedMessage().contains("DECRYPT_FAILED"))
                .hasSizeBetween(4, 2 * (90 / 10 + 1))
                .allSatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.WARN);
                    assertThat(e.getFormattedMessage()).contains("10.0.0.", "a different key", "discovery.keys");
                })
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("more like this"));
    }

    /** What the node logged while {@code run} ran. */
    private static List<ILoggingEvent> discoveryLog(Runnable run) {
        Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger(Discovery.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            run.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list;
    }

    @Test
    void optionsAreValidatedWithTheOptionsName() {
        assertThatThrownBy(() -> DiscoveryOptions.builder().nodeTimeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("nodeTimeout").hasMessageContaining("checkInterval");
        assertThatThrownBy(() -> DiscoveryOptions.builder().masterTimeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("masterTimeout");
        assertThatThrownBy(() -> DiscoveryOptions.builder().mastersRequired(0).build()).hasMessageContaining("mastersRequired");
        assertThatThrownBy(() -> DiscoveryOptions.builder().port(70000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> DiscoveryOptions.builder().unicast("10.0.0.1:x").build()).hasMessageContaining("unicast");
        assertThatThrownBy(() -> DiscoveryOptions.builder().weight(Double.NaN).build()).hasMessageContaining("weight");
        assertThatThrownBy(() -> DiscoveryOptions.builder().helloInterval(Duration.ZERO).build()).hasMessageContaining("helloInterval");
        DiscoveryOptions defaults = DiscoveryOptions.builder().build();
        assertThat(defaults.masterTimeout()).isEqualTo(defaults.nodeTimeout());
        assertThat(defaults.port()).isEqualTo(12345);
    }
}
