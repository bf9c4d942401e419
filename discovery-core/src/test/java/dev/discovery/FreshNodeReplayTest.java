package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 5: replay protection lives in each receiver, so a node started after a capture had no record of the
 * captured sequence numbers and accepted the whole capture, hellos of a killed node included (a ghost). A node that
 * just started must refuse what an established node refuses, whatever the clocks of the hosts say.
 */
class FreshNodeReplayTest {

    private final SimCluster cluster = new SimCluster(120, b -> b.key("fleet-secret"));
    private final List<byte[]> captured = new ArrayList<>();
    private Transport attacker;

    private void captureWhile(Runnable action) throws Exception {
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> captured.add(data));
        action.run();
        attacker.stop();
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
    }

    private void replay() throws Exception {
        for (byte[] datagram : captured) {
            attacker.send(datagram, SimCluster.BROADCAST);
        }
    }

    /** Kills a node as a crash does: nothing more from it, its goodbye never arrives. */
    private void crash(SimNode node) {
        cluster.network.isolate(node.address);
        node.discovery.stop();
        cluster.network.heal();
    }

    /**
     * Two nodes run while the attacker records 4 s of their traffic; then one of them is killed, and 11 s pass.
     *
     * @return the node still alive
     */
    private SimNode captureThenKillOneOfTwo() throws Exception {
        SimNode live = cluster.add(1);
        SimNode killed = cluster.add(2);
        cluster.startAll();
        captureWhile(() -> cluster.run(Duration.ofSeconds(4)));
        crash(killed);
        cluster.run(Duration.ofSeconds(11));
        return live;
    }

    @Test
    void aNodeStartedAfterACaptureRefusesItsReplayAndSeesNoGhost() throws Exception {
        SimNode live = captureThenKillOneOfTwo();

        SimNode fresh = cluster.add(3);
        fresh.discovery.start();
        replay();
        cluster.run(Duration.ofSeconds(3));

        assertThat(fresh.peerIds()).containsExactly(live.id);
        assertThat(fresh.events(DiscoveryEvent.NodeAdded.class)).extracting(e -> e.node().id()).containsExactly(live.id);
        assertThat(fresh.discovery.stats().dropped().get(DropReason.REPLAYED)).isEqualTo(captured.size());
    }

    /** A node at 10.0.0.{n} on its own clock, {@code skewMillis} ahead of the others'. */
    private SimNode addWithClock(int n, long skewMillis, boolean client) {
        HostClock clock = new HostClock(cluster.scheduler);
        clock.jumpWallClock(skewMillis);
        String address = "10.0.0." + (n + 1);
        String id = String.format("node-%04d", n);
        DiscoveryOptions options = DiscoveryOptions.builder().hostName("sim").key("fleet-secret").client(client).build();
        SimNode node = new SimNode(id, address, new Discovery(options, cluster.network.transport(address), clock, id));
        cluster.nodes.put(id, node);
        return node;
    }

    /** Virtual ms from now until {@code node} has {@code peer} in its table. */
    private long timeUntilSeen(SimNode node, SimNode peer) {
        long from = cluster.scheduler.millis();
        assertThat(cluster.scheduler.runUntil(() -> node.peerIds().contains(peer.id), Duration.ofSeconds(30))).isTrue();
        return cluster.scheduler.millis() - from;
    }

    @Test
    void aNodeWhoseClockIsAheadStillSeesLivePeersAtOnceButNoGhost() throws Exception {
        SimNode live = captureThenKillOneOfTwo();

        // 10 s ahead: the live peer's fresh hellos look as old as the replay, until it names the new node back.
        SimNode ahead = addWithClock(3, 10_000, false);
        ahead.discovery.start();
        replay();
        assertThat(timeUntilSeen(ahead, live)).isLessThanOrEqualTo(1_100);
        assertThat(timeUntilSeen(live, ahead)).isLessThanOrEqualTo(1_100);
        cluster.run(Duration.ofSeconds(3));
        assertThat(ahead.peerIds()).containsExactly(live.id);
        assertThat(ahead.events(DiscoveryEvent.NodeAdded.class)).extracting(e -> e.node().id()).containsExactly(live.id);
        assertThat(ahead.events(DiscoveryEvent.NodeRemoved.class)).isEmpty();
    }

    @Test
    void aClientWhoseClockIsAheadProbesAndSeesLivePeersWithinTwoHellos() throws Exception {
        SimNode live = captureThenKillOneOfTwo();

        SimNode client = addWithClock(3, 10_000, true);
        client.discovery.start();
        replay();
        assertThat(timeUntilSeen(client, live)).isLessThanOrEqualTo(2_100);
        cluster.run(Duration.ofSeconds(40));
        assertThat(client.peerIds()).containsExactly(live.id);
        assertThat(live.peerIds()).isEmpty(); // a client stays unseen: its probes are not hellos
        assertThat(client.discovery.stats().sent()).isBetween(1L, 3L);
    }

    @Test
    void aNodeStoppedAndStartedAgainRefusesWhatWasCapturedWhileItWasDown() throws Exception {
        SimNode restarted = cluster.add(1);
        SimNode live = cluster.add(2);
        SimNode killed = cluster.add(3);
        cluster.startAll();
        cluster.run(Duration.ofSeconds(2));
        restarted.discovery.stop();
        captureWhile(() -> cluster.run(Duration.ofSeconds(4)));
        crash(killed);
        cluster.run(Duration.ofSeconds(3));

        restarted.events.clear();
        restarted.discovery.start();
        replay();
        cluster.run(Duration.ofSeconds(3));
        assertThat(restarted.peerIds()).containsExactly(live.id);
        assertThat(restarted.events(DiscoveryEvent.NodeAdded.class)).extracting(e -> e.node().id()).containsExactly(live.id);
    }

    @Test
    void aPeerWhoseClockJumpsBackAfterItWasHeardIsNotRefused() {
        SimNode fresh = cluster.add(1);
        HostClock clock = new HostClock(cluster.scheduler);
        SimNode jumper = new SimNode("node-0002", "10.0.0.3", new Discovery(DiscoveryOptions.builder().hostName("sim")
                .key("fleet-secret").build(), cluster.network.transport("10.0.0.3"), clock, "node-0002"));
        cluster.nodes.put(jumper.id, jumper);
        cluster.startAll();
        cluster.run(Duration.ofMillis(1_500));
        clock.jumpWallClock(-10_000); // now 8.5 s before the fresh node started, by its own clock
        cluster.run(Duration.ofSeconds(10));
        assertThat(fresh.peerIds()).containsExactly(jumper.id);
        assertThat(fresh.events(DiscoveryEvent.NodeRemoved.class)).isEmpty();
        assertThat(fresh.discovery.stats().dropped().get(DropReason.REPLAYED)).isZero();
    }
}
