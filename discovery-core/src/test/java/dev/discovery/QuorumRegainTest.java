package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a node does when it gets its quorum back (three instances, a quorum of two, default timings): a partition cuts
 * node 1 off, and as its quorum lapses a second partition brings back the peer it heard first (its next hello comes
 * under a hello interval after the lapse). From node 1 this looks like a lost hello; the peer left on the other side
 * may still count the one that came back for nodeTimeout (seeds 1767, 2079, 3410, 699 of CoordinationSimulationTest).
 */
class QuorumRegainTest {

    static final List<String> KEYS = IntStream.range(0, 50).mapToObj(i -> "tenant-" + i).toList();

    private final SimCluster cluster = new SimCluster(31, b -> b.quorumMinimumSize(2));
    private final SimCluster.SimNode one = cluster.add(1);
    private final SimCluster.SimNode two = cluster.add(2);
    private final SimCluster.SimNode three = cluster.add(3);
    private final MasterWork work = new MasterWork(one.discovery);
    private final Ownership ownership = new Ownership(one.discovery);
    private long lost;
    private long regained;
    private SimCluster.SimNode away;

    /** Runs the two partitions; {@link #regained} is when node 1 got its quorum back. */
    private void cutOffThenBackWithOnePeer() {
        for (SimCluster.SimNode node : List.of(one, two, three)) { // out of phase: the peers' hellos come apart
            node.discovery.start();
            cluster.run(Duration.ofMillis(300));
        }
        cluster.run(Duration.ofSeconds(8));
        assertThat(ownership.owned(KEYS)).isNotEmpty();
        Node heardLast = one.discovery.nodes().stream().max(Comparator.comparing(Node::lastSeen)).orElseThrow();
        away = heardLast.id().equals(two.id) ? two : three;
        SimCluster.SimNode back = away == two ? three : two;
        cluster.network.partition(List.of(one.address), List.of(two.address, three.address));
        while (work.hasQuorum()) {
            cluster.run(Duration.ofMillis(10));
        }
        lost = cluster.scheduler.millis();
        cluster.network.partition(List.of(one.address, back.address), List.of(away.address));
        while (!work.hasQuorum()) {
            cluster.run(Duration.ofMillis(10));
        }
        regained = cluster.scheduler.millis();
    }

    @Test
    void aQuorumBackAfterAMomentWaitsLongerThanTheOtherSideMayStillCountItsMembers() {
        cutOffThenBackWithOnePeer();
        assertThat(regained - lost).as("back within a hello interval, as after a lost hello").isLessThan(1_000);
        // nodeTimeout (2 s) + half a hello interval, within the 10 ms steps of the loop above
        cluster.run(Duration.ofMillis(2_400));
        assertThat(ownership.owned(KEYS)).isEmpty();
        cluster.run(Duration.ofMillis(200));
        assertThat(ownership.owned(KEYS)).isNotEmpty();
    }

    @Test
    void aMemberSilentSinceThisNodeWasCutOffIsTakenOverOnlyOnceTheQuorumHasHeldForTheTakeoverTimeout() {
        cutOffThenBackWithOnePeer();
        // the peer left away has been silent for takeoverTimeout (4 s) by lost + 2 s, but node 1 held no quorum then
        cluster.run(Duration.ofMillis(3_800));
        assertThat(ownership.owners()).extracting(Node::id).contains(away.id);
        cluster.run(Duration.ofMillis(400));
        assertThat(ownership.owners()).extracting(Node::id).doesNotContain(away.id);
    }
}
