package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.discovery.SimCluster.SimNode;
import dev.discovery.internal.engine.Engine;
import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Framing;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.testing.InMemoryDns;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A size check covers every datagram the value will ride in (issue 20, item 7): both roles of a hello, and the worst
 * case of the framing, whose length with node-discover's aes256 depends on the ciphertext. A datagram that is too long
 * after all takes the node out, visibly.
 */
class DatagramSizeTest {

    private static final int MAX = DiscoveryOptions.MAX_DATAGRAM_BYTES;

    private static String text(int length, long seed) {
        Random random = new Random(seed);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    @Test
    void withAes256AnAdvertisementIsCheckedOnTheLongestCiphertextAnyRoleCanGive() {
        SimCluster cluster = new SimCluster(7, b -> b.key("secret").encryption(Encryption.AES256_LEGACY));
        SimNode a = cluster.add(1);
        SimNode b = cluster.add(2);
        cluster.startAll();
        cluster.run(Duration.ofMillis(2500));
        // About 60 KB on the wire as sealed today (half the ciphertext bytes take two), but up to 80 KB for another
        // hello: the master's, or the next weight, or another host name.
        String tooLarge = text(40_000, 1);
        assertThatThrownBy(() -> a.discovery.advertise(Map.of("blob", tooLarge)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Advertisement too large").hasMessageContaining("aes256");
        assertThatThrownBy(() -> a.discovery.send("chat", tooLarge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");

        theLargestAcceptedReachesThePeerInEveryRole(cluster, a, b, 30_000, 33_000);
    }

    /** Without a key and with the authenticated framing, the bound is exact: about 65 KB of JSON. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void plainAndAuthenticatedAdvertisementsUpToTheLimitReachThePeerInEveryRole(boolean keyed) {
        SimCluster cluster = new SimCluster(9, b -> keyed ? b.key("secret") : b);
        SimNode a = cluster.add(1);
        SimNode b = cluster.add(2);
        cluster.startAll();
        cluster.run(Duration.ofMillis(2500));
        theLargestAcceptedReachesThePeerInEveryRole(cluster, a, b, 65_000, MAX);
    }

    /** The largest advertisement and message {@code a} accepts reach {@code b}, whichever of the two is master. */
    private static void theLargestAcceptedReachesThePeerInEveryRole(SimCluster cluster, SimNode a, SimNode b, int least,
            int most) {
        List<ChannelMessage> atB = new ArrayList<>();
        b.discovery.join("chat", atB::add);
        String largest = largestAccepted(a.discovery);
        assertThat(largest.length()).isBetween(least, most);
        assertThat(a.discovery.send("chat", largest)).isTrue();
        for (SimNode master : List.of(a, b, a)) {
            master.discovery.promote();
            (master == a ? b : a).discovery.demote(false);
            cluster.run(Duration.ofMillis(2100));
            assertThat(b.discovery.node(a.id).orElseThrow().advertisementMap()).containsEntry("blob", largest);
            assertThat(a.discovery.isRunning()).isTrue();
        }
        assertThat(atB).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo(largest));
        assertThat(a.discovery.stats().sendFailures()).isZero();
        assertThat(b.discovery.stats().dataErrors()).isZero();
    }

    /** Bisects the longest {@code {"blob": "..."}} the node accepts to advertise. */
    private static String largestAccepted(Discovery node) {
        int low = 0;
        int high = MAX;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            try {
                node.advertise(Map.of("blob", text(mid, 2)));
                low = mid;
            } catch (IllegalArgumentException refused) {
                high = mid - 1;
            }
        }
        String largest = text(low, 2);
        node.advertise(Map.of("blob", largest));
        return largest;
    }

    /** A framing that seals a master's hello longer than its bound said: the bound of a framing gone wrong. */
    private static final class MasterBloatingFraming implements Framing {
        private final Framing plain = new PlainFraming();

        @Override
        public byte[] seal(byte[] json, long wallMillis) {
            boolean masterHello = new String(json, StandardCharsets.UTF_8).contains("\"isMaster\":true");
            return masterHello ? Arrays.copyOf(json, MAX + 1) : json;
        }

        @Override
        public int maxSealedLength(int jsonLength) {
            return plain.maxSealedLength(jsonLength);
        }

        @Override
        public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
            return plain.open(datagram, wallMillis);
        }
    }

    @Test
    void aHelloTooLongToSendAfterAllTakesTheNodeOutInsteadOfLeavingItMasterAndSilent() throws Exception {
        SimCluster cluster = new SimCluster(8);
        SimNode peer = cluster.add(2, b -> b.weight(1.0));
        DiscoveryOptions options = DiscoveryOptions.builder().hostName("sim").weight(2.0).build();
        Engine node = new Engine(options, cluster.network.transport("10.0.0.9"), cluster.scheduler, new InMemoryDns(),
                "node", "pid", new MasterBloatingFraming());
        List<DiscoveryEvent> events = new ArrayList<>();
        node.events().addListener(events::add);
        try (LogCapture log = new LogCapture(Discovery.class)) {
            node.start();
            peer.discovery.start();
            cluster.run(Duration.ofSeconds(3)); // node, the heavier, promotes itself at its first check

            assertThat(node.isRunning()).isFalse();
            assertThat(node.isMaster()).isFalse();
            assertThat(node.failure()).get().satisfies(e -> assertThat(e.getMessage()).contains("65507"));
            assertThat(events).anyMatch(e -> e instanceof DiscoveryEvent.Failed);
            assertThat(log.lines(Level.ERROR)).anyMatch(line -> line.contains("Discovery node node failed"));
            cluster.run(Duration.ofSeconds(5));
            assertThat(peer.discovery.nodes()).isEmpty();
            assertThat(peer.discovery.isMaster()).isTrue();
        } finally {
            node.stop();
        }
    }
}
