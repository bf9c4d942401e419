package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Any number of handlers per channel, on the in-memory network. */
class ChannelSubscriptionTest {

    private final SimCluster cluster = new SimCluster(80);
    private final SimNode sender = cluster.add(1);
    private final SimNode receiver = cluster.add(2);
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clusterFormed() {
        cluster.startAll();
        cluster.run(Duration.ofMillis(1100));
    }

    private void send(String text) {
        assertThat(sender.discovery.send("orders", text)).isTrue();
        cluster.run(Duration.ofMillis(5));
    }

    @Test
    void everyHandlerGetsEveryMessageInTheOrderTheyWereAdded() {
        receiver.discovery.join("orders", m -> received.add("joined " + m.payload()));
        receiver.discovery.subscribe("orders", m -> received.add("first " + m.payload()));
        receiver.discovery.subscribe("orders", m -> received.add("second " + m.payload()));
        send("a");
        assertThat(received).containsExactly("joined a", "first a", "second a");
        assertThat(receiver.discovery.channels()).containsExactly("orders");
    }

    @Test
    void aThrowingHandlerIsLoggedAndTheOthersStillRun() {
        receiver.discovery.subscribe("orders", m -> { throw new IllegalStateException("handler bug"); });
        receiver.discovery.subscribe("orders", m -> received.add((String) m.payload()));
        send("a");
        send("b");
        assertThat(received).containsExactly("a", "b");
    }

    @Test
    void closingASubscriptionRemovesOnlyItsHandlerAndTheLastOneLeavesTheChannel() {
        ChannelSubscription first = receiver.discovery.subscribe("orders", m -> received.add("first " + m.payload()));
        ChannelSubscription second = receiver.discovery.subscribe("orders", m -> received.add("second " + m.payload()));
        assertThat(first.channel()).isEqualTo("orders");
        first.close();
        first.close(); // idempotent: does not remove another handler
        send("a");
        assertThat(received).containsExactly("second a");

        second.close();
        assertThat(receiver.discovery.channels()).isEmpty();
        long notJoined = receiver.discovery.stats().dropped().get(DropReason.NOT_JOINED);
        send("b");
        assertThat(received).containsExactly("second a");
        assertThat(receiver.discovery.stats().dropped().get(DropReason.NOT_JOINED)).isEqualTo(notJoined + 1);
    }

    @Test
    void aHandlerClosedAfterAMessageArrivedDoesNotGetIt() {
        ChannelSubscription subscription = receiver.discovery.subscribe("orders", m -> received.add("closed"));
        receiver.discovery.subscribe("orders", m -> received.add("open"));
        long before = receiver.discovery.stats().received();
        sender.discovery.send("orders", "a");
        assertThat(cluster.scheduler.runUntil(() -> receiver.discovery.stats().received() > before,
                Duration.ofMillis(5))).isTrue();
        assertThat(received).as("arrived, not yet delivered").isEmpty();
        subscription.close();
        cluster.run(Duration.ofMillis(5));
        assertThat(received).containsExactly("open");
    }

    @Test
    void leaveRemovesEveryHandlerAndOldSubscriptionsDoNotTouchARejoinedChannel() {
        ChannelSubscription old = receiver.discovery.subscribe("orders", m -> received.add("old " + m.payload()));
        receiver.discovery.join("orders", m -> received.add("joined " + m.payload()));
        assertThat(receiver.discovery.leave("orders")).isTrue();
        send("a");
        assertThat(received).isEmpty();

        receiver.discovery.subscribe("orders", m -> received.add("new " + m.payload()));
        old.close();
        send("b");
        assertThat(received).containsExactly("new b");
    }

    @Test
    void joinKeepsNodeDiscoversAnswerAndSubscribeRefusesBadNamesLoudly() {
        receiver.discovery.subscribe("orders", m -> { });
        assertThat(receiver.discovery.join("orders", m -> received.add("refused"))).isFalse();
        send("a");
        assertThat(received).isEmpty();
        assertThatThrownBy(() -> receiver.discovery.subscribe("hello", m -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'hello'")
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> receiver.discovery.subscribe("", m -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
