package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.internal.wire.GcmFraming;
import dev.discovery.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With a key set, forged, tampered and replayed datagrams never change a table or deliver a message. */
class SpoofingTest {

    @Test
    void anAttackerOnTheNetworkChangesNothing() throws Exception {
        SimCluster cluster = new SimCluster(77, b -> b.key("fleet-secret"));
        SimNode a = cluster.add(1);
        SimNode b = cluster.add(2);
        List<ChannelMessage> received = new ArrayList<>();
        b.discovery.join("orders", received::add);
        List<byte[]> captured = new ArrayList<>();
        Transport attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> captured.add(data));
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        a.discovery.send("orders", "one coffee");
        cluster.run(Duration.ofMillis(10));
        assertThat(received).hasSize(1);
        assertThat(a.peerIds()).containsExactly(b.id);

        Random random = new Random(1);
        List<byte[]> recorded = List.copyOf(captured);
        // Replays: now (sequence numbers seen), and 40 s later (outside the replay window as well).
        for (byte[] datagram : recorded) {
            attacker.send(datagram, SimCluster.BROADCAST);
        }
        cluster.run(Duration.ofMillis(10));
        // Tampering: every recorded datagram with one byte flipped.
        for (byte[] datagram : recorded) {
            byte[] copy = datagram.clone();
            copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
            attacker.send(copy, SimCluster.BROADCAST);
        }
        // Forgery: a plain hello and message, and ones sealed with the wrong key.
        String hello = WireFormatTest.MASTER_HELLO;
        String order = "{\"event\":\"orders\",\"iid\":\"forged\",\"data\":\"free coffee\"}";
        for (String json : List.of(hello, order)) {
            attacker.send(json.getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
            attacker.send(new GcmFraming(List.of("guessed"), 30_000).seal(json.getBytes(StandardCharsets.UTF_8),
                    cluster.scheduler.instant().toEpochMilli()), SimCluster.BROADCAST);
        }
        cluster.run(Duration.ofSeconds(40));
        for (byte[] datagram : recorded) {
            attacker.send(datagram, SimCluster.BROADCAST);
        }
        cluster.run(Duration.ofMillis(10));

        assertThat(received).extracting(ChannelMessage::payload).containsExactly("one coffee");
        assertThat(a.peerIds()).isEqualTo(Set.of(b.id));
        assertThat(b.peerIds()).isEqualTo(Set.of(a.id));
        assertThat(a.events(DiscoveryEvent.NodeAdded.class)).hasSize(1);
        assertThat(b.events(DiscoveryEvent.NodeAdded.class)).hasSize(1);
        DiscoveryStats stats = b.discovery.stats();
        assertThat(stats.dropped().get(DropReason.REPLAYED)).isGreaterThanOrEqualTo(recorded.size());
        assertThat(stats.dropped().get(DropReason.DECRYPT_FAILED)).isGreaterThanOrEqualTo(recorded.size());
        assertThat(stats.dropped().get(DropReason.PLAINTEXT_REFUSED)).isEqualTo(2);
    }

    @Test
    void keyedAndPlainNodesDoNotSeeEachOtherAndTheStatsSayWhy() {
        SimCluster cluster = new SimCluster(78);
        SimNode plain = cluster.add(1);
        SimNode keyed = cluster.add(2, b -> b.key("secret"));
        SimNode otherKey = cluster.add(3, b -> b.key("other"));
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
        assertThat(plain.peerIds()).isEmpty();
        assertThat(keyed.peerIds()).isEmpty();
        assertThat(otherKey.peerIds()).isEmpty();
        assertThat(keyed.discovery.stats().dropped().get(DropReason.PLAINTEXT_REFUSED)).isPositive();
        assertThat(keyed.discovery.stats().dropped().get(DropReason.DECRYPT_FAILED)).isPositive();
        // Without a key nothing is decrypted, so nothing fails to: encrypted datagrams are not plain JSON, malformed.
        assertThat(plain.discovery.stats().dropped().get(DropReason.MALFORMED)).isPositive();
        assertThat(plain.discovery.stats().dropped().get(DropReason.DECRYPT_FAILED)).isZero();
    }
}
