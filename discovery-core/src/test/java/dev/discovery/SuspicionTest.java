package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.testing.InMemoryNetwork;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of the suspicion protocol ({@link Discovery#reportUnreachable}), on the in-memory network. */
class SuspicionTest {

    /** Two probe bounds (the origin's, then each member's own) and the network's delays. */
    private static final Duration BOUND = Duration.ofMillis(2 * 150 + 10);

    private final SimCluster cluster = new SimCluster(22);
    private final List<SimNode> nodes = cluster.addMany(5);
    private final SimNode caller = nodes.get(0);
    private final SimNode target = nodes.get(4);

    SuspicionTest() {
        cluster.startAll();
        // Everyone established and known to speak the protocol; between two hellos, so that none is under way.
        cluster.run(Duration.ofMillis(3500));
    }

    @Test
    void aCrashedNodeReportedByTrafficIsRemovedEverywhereWithinTwoProbeBounds() {
        cluster.network.isolate(target.address); // crashed, as far as anyone can tell
        assertThat(caller.discovery.reportUnreachable(target.id)).isTrue();
        cluster.run(BOUND);

        for (SimNode node : nodes.subList(0, 4)) {
            assertThat(node.peerIds()).as(node.id).doesNotContain(target.id);
            assertThat(node.events(DiscoveryEvent.NodeRemoved.class)).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.SUSPECTED));
            DiscoveryEvent.Suspected suspected = node.events(DiscoveryEvent.Suspected.class).get(0);
            assertThat(suspected.node().id()).isEqualTo(target.id);
            assertThat(suspected.suspectedBy()).isEqualTo(caller.id);
            assertThat(suspected.confirmedBy()).contains(node.id).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(caller.discovery.suspicionStats().reports()).isEqualTo(1);
        assertThat(caller.discovery.suspicionStats().confirmed()).isEqualTo(1);
    }

    @Test
    void aNodeThatOnlyTheCallerCannotReachIsKeptAndTheCallerIsToldSo() {
        cluster.network.cut(caller.address, target.address);
        assertThat(caller.discovery.reportUnreachable(target.id)).isTrue();
        cluster.run(Duration.ofSeconds(1));

        for (SimNode node : nodes.subList(1, 4)) {
            assertThat(node.peerIds()).as(node.id).contains(target.id);
        }
        assertThat(caller.peerIds()).contains(target.id);
        assertThat(caller.events(DiscoveryEvent.SuspicionRefuted.class)).singleElement()
                .satisfies(r -> assertThat(r.node().id()).isEqualTo(target.id));
        assertThat(nodes).allSatisfy(n -> assertThat(n.events(DiscoveryEvent.NodeRemoved.class)).isEmpty());
        // Refuted: not checked again for a while, however often traffic reports it.
        assertThat(caller.discovery.reportUnreachable(target.id)).isFalse();
    }

    @Test
    void aCallerCutOffFromEveryoneGetsNoNodeRemovedElsewhere() {
        cluster.network.isolate(caller.address);
        caller.discovery.reportUnreachable(target.id);
        cluster.run(Duration.ofSeconds(1));

        for (SimNode node : nodes.subList(1, 5)) {
            assertThat(node.events(DiscoveryEvent.NodeRemoved.class)).as(node.id).isEmpty();
        }
    }

    @Test
    void aForgedSuspectFromAMembersAddressRemovesNoHealthyNode() {
        SimNode forgedAs = nodes.get(1);
        byte[] suspect = datagram(forgedAs.id, "discovery:suspect", "{\"t\":\"" + target.id + "\",\"n\":1}");
        cluster.network.inject(suspect, new InetSocketAddress(forgedAs.address, InMemoryNetwork.PORT), SimCluster.BROADCAST);
        cluster.run(Duration.ofSeconds(1));

        assertThat(nodes).allSatisfy(n -> assertThat(n.events(DiscoveryEvent.NodeRemoved.class)).isEmpty());
        assertThat(caller.events(DiscoveryEvent.SuspicionRefuted.class)).isNotEmpty();
    }

    @Test
    void messagesFromOutsideTheTableOrOverTheBoundAreDropped() {
        InetSocketAddress stranger = new InetSocketAddress("10.0.9.9", InMemoryNetwork.PORT);
        cluster.network.inject(datagram("stranger", "discovery:suspect", "{\"t\":\"" + target.id + "\",\"n\":1}"),
                stranger, SimCluster.BROADCAST);
        cluster.run(Duration.ofMillis(10));
        assertThat(caller.discovery.stats().dropped().get(DropReason.PROBE_REFUSED)).isEqualTo(1);

        // A member's id from another address is no member either.
        cluster.network.inject(datagram(target.id, "discovery:ping", "{\"t\":\"" + caller.id + "\",\"n\":1}"),
                stranger, new InetSocketAddress(caller.address, InMemoryNetwork.PORT));
        cluster.run(Duration.ofMillis(10));
        assertThat(caller.discovery.stats().dropped().get(DropReason.PROBE_REFUSED)).isEqualTo(2);
        assertThat(cluster.network.datagramsSentTo(stranger.getAddress().getHostAddress())).isZero();

        InetSocketAddress member = new InetSocketAddress(target.address, InMemoryNetwork.PORT);
        for (int i = 0; i < 100; i++) {
            cluster.network.inject(datagram(target.id, "discovery:ping", "{\"t\":\"" + caller.id + "\",\"n\":" + i + "}"),
                    member, new InetSocketAddress(caller.address, InMemoryNetwork.PORT));
        }
        cluster.run(Duration.ofMillis(10));
        assertThat(caller.discovery.stats().dropped().get(DropReason.PROBE_REFUSED)).isEqualTo(2 + 100 - 30);
    }

    @Test
    void aPeerThatNeverAnswersAPingIsNeverChecked() {
        InetSocketAddress nodeDiscover = new InetSocketAddress("10.0.8.8", InMemoryNetwork.PORT);
        for (int i = 0; i < 10; i++) {
            cluster.network.inject(datagram("nd-peer", "hello",
                    "{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":-1,\"address\":\"127.0.0.1\"}"),
                    nodeDiscover, SimCluster.BROADCAST);
            cluster.run(Duration.ofSeconds(1));
        }
        assertThat(caller.peerIds()).contains("nd-peer");
        assertThat(caller.discovery.reportUnreachable("nd-peer")).isFalse();
        // Each node asked at most three times whether it speaks the protocol, in all.
        long sent = cluster.network.datagramsSentBy(caller.address);
        cluster.run(Duration.ofSeconds(10));
        assertThat(cluster.network.datagramsSentBy(caller.address) - sent).as("hellos only").isEqualTo(10);
    }

    @Test
    void withoutTrafficACrashIsDetectedAtTheNodeTimeoutAsBefore() {
        cluster.network.isolate(target.address);
        cluster.run(Duration.ofMillis(2100));
        for (SimNode node : nodes.subList(0, 4)) {
            assertThat(node.events(DiscoveryEvent.NodeRemoved.class)).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.TIMED_OUT));
        }
    }

    private static byte[] datagram(String iid, String event, String data) {
        return ("{\"event\":\"" + event + "\",\"pid\":\"p\",\"iid\":\"" + iid + "\",\"hostName\":\"h\",\"data\":" + data
                + "}").getBytes(StandardCharsets.UTF_8);
    }
}
