package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.SimCluster.SimNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A limit a receiver applies must never surprise a sender: what the API refuses, it refuses where the user calls, and
 * whatever it accepts, a receiver accepts too.
 */
class SenderLimitsTest {

    private static final int MAX = Discovery.MAX_NAME_LENGTH;

    private final SimCluster cluster = new SimCluster(71);
    private final SimNode a = cluster.add(1);
    private final SimNode b = cluster.add(2);

    private void startBoth() {
        cluster.startAll();
        cluster.run(Duration.ofMillis(1100));
        assertThat(b.peerIds()).containsExactly(a.id);
    }

    @Test
    void aChannelNameLongerThanReceiversAcceptIsRefusedLikeAReservedOne() {
        startBoth();
        String tooLong = "c".repeat(MAX + 1);
        assertThat(Discovery.isChannelName(tooLong)).isFalse();
        long sentBefore = a.discovery.stats().sent();
        assertThat(a.discovery.join(tooLong, m -> { })).isFalse();
        assertThat(a.discovery.send(tooLong, "lost")).isFalse();
        assertThat(a.discovery.leave(tooLong)).isFalse();
        assertThat(a.discovery.channels()).isEmpty();
        assertThat(a.discovery.stats().sent()).as("nothing went out for it").isEqualTo(sentBefore);
    }

    @Test
    void everyChannelNameTheApiAcceptsReachesAReceiver() {
        startBoth();
        Random random = new Random(7);
        List<String> names = new ArrayList<>(List.of("c".repeat(MAX), "\uD83D\uDE00".repeat(MAX / 2),
                "\"quoted\\ and \u0000 control\"", "é".repeat(MAX), "\uD800 lone surrogate"));
        for (int i = 0; i < 300; i++) {
            names.add(randomName(random, 1 + random.nextInt(MAX + 20)));
        }
        int accepted = 0;
        for (String name : names) {
            List<ChannelMessage> received = new ArrayList<>();
            boolean joined = b.discovery.join(name, received::add);
            assertThat(joined).as("join of a %d-char name", name.length()).isEqualTo(Discovery.isChannelName(name));
            boolean sent = a.discovery.send(name, Map.of("n", name.length()));
            assertThat(sent).as("send on a %d-char name", name.length()).isEqualTo(Discovery.isChannelName(name));
            cluster.run(Duration.ofMillis(5));
            if (sent) {
                accepted++;
                assertThat(received).as("a %d-char name", name.length()).singleElement()
                        .satisfies(m -> assertThat(m.channel()).isEqualTo(name));
                b.discovery.leave(name);
            }
        }
        assertThat(accepted).as("the random names cover both sides of the limit").isBetween(50, names.size() - 10);
        assertThat(b.discovery.stats().dataErrors()).isZero();
    }

    @Test
    void aHostNameLongerThanReceiversAcceptIsRefusedByTheOptions() {
        String tooLong = "h".repeat(MAX + 1);
        assertThatThrownBy(() -> DiscoveryOptions.builder().hostName(tooLong).build())
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> {
                    assertThat(e.option()).isEqualTo("hostName");
                    assertThat(e.value()).isEqualTo(tooLong);
                    assertThat(e.reason()).contains("at most " + MAX + " characters");
                });
    }

    @Test
    void theLongestHostNameTheOptionsAcceptIsSeenByPeers() {
        String longest = "\uD83D\uDE00".repeat(MAX / 2) + "h";
        SimNode named = cluster.add(3, o -> o.hostName(longest));
        List<ChannelMessage> atB = new ArrayList<>();
        b.discovery.join("chat", atB::add);
        cluster.startAll();
        cluster.run(Duration.ofMillis(1100));
        assertThat(b.discovery.node(named.id)).hasValueSatisfying(n -> assertThat(n.hostName()).isEqualTo(longest));
        named.discovery.send("chat", "hi");
        cluster.run(Duration.ofMillis(5));
        assertThat(atB).singleElement().satisfies(m -> assertThat(m.sender().hostName()).isEqualTo(longest));
        assertThat(b.discovery.stats().dataErrors()).isZero();
    }

    @Test
    void valuesReceiversWouldRefuseAreRefusedWhenSentOrAdvertised() {
        startBoth();
        Object tooDeep = nested(63);
        assertThatThrownBy(() -> a.discovery.send("chat", tooDeep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper than 62");
        assertThatThrownBy(() -> a.discovery.advertise(tooDeep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper than 62");
        BigInteger tooLong = BigInteger.TEN.pow(64); // 65 digits
        assertThatThrownBy(() -> a.discovery.send("chat", List.of(tooLong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 64 characters");
    }

    @Test
    void theLargestValuesTheApiAcceptsReachAReceiver() {
        startBoth();
        List<ChannelMessage> atB = new ArrayList<>();
        b.discovery.join("chat", atB::add);
        Object deepest = nested(62);
        BigInteger longest = BigInteger.TEN.pow(63); // 64 digits
        Map<String, Integer> longKey = Map.of("k".repeat(60_000), 1);
        for (Object payload : List.of(deepest, List.of(longest), longKey)) {
            assertThat(a.discovery.send("chat", payload)).isTrue();
        }
        a.discovery.advertise(Map.of("name", "deep", "tree", nested(61)));
        cluster.run(Duration.ofMillis(5));
        assertThat(atB).hasSize(3);
        assertThat(atB.get(1).payload()).isEqualTo(List.of(longest));
        assertThat(b.discovery.node(a.id).orElseThrow().advertisementMap()).containsKey("tree");
        assertThat(b.discovery.stats().dataErrors()).isZero();
    }

    @Test
    void aServiceNameOfAnyLengthTheApiAcceptsIsDiscovered() {
        ServiceDiscovery offering = new ServiceDiscovery(a.discovery);
        ServiceDiscovery needing = new ServiceDiscovery(b.discovery);
        String name = "s".repeat(5_000);
        offering.advertise(Map.of("name", name));
        needing.need(name);
        offering.start();
        needing.start();
        cluster.run(Duration.ofMillis(1100));
        assertThat(needing.isReady()).isTrue();
        assertThat(needing.instances(name)).singleElement().satisfies(i -> assertThat(i.nodeId()).isEqualTo(a.id));
    }

    /** A list nested {@code depth} levels deep: {@code [[[...]]]}. */
    private static Object nested(int depth) {
        Object value = List.of();
        for (int i = 1; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    /** Characters from ASCII, Latin, CJK and the surrogate range, lone halves included. */
    private static String randomName(Random random, int length) {
        StringBuilder name = new StringBuilder(length);
        int[][] ranges = {{0x20, 0x7e}, {0x00, 0x1f}, {0xa0, 0x17f}, {0x4e00, 0x4fff}, {0xd800, 0xdfff}};
        while (name.length() < length) {
            int[] range = ranges[random.nextInt(ranges.length)];
            name.append((char) (range[0] + random.nextInt(range[1] - range[0] + 1)));
        }
        return name.toString();
    }
}
