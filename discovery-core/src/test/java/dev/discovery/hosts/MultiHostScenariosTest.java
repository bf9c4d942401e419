package dev.discovery.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.NodeProcess;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's scenarios: five hosts in network namespaces, one node JVM each, real broadcast over a bridge. Every node
 * runs with mastersRequired 1 (the default) and weight = host number, so host 5 is the master to expect.
 */
@Tag("slow")
class MultiHostScenariosTest {

    private static final int HOST_COUNT = 5;

    private TestHosts testHosts;
    private List<TestHost> all;

    @BeforeEach
    void createHostsAndStartNodes() {
        testHosts = TestHosts.create(HOST_COUNT);
        all = testHosts.hosts();
        // A running master keeps its role when a heavier node joins, and JVMs started together come up in any order:
        // so the heaviest starts first and is master before the others start, which makes the first master known.
        TestHost heaviest = testHosts.host(5);
        heaviest.startNode();
        await().atMost(ScenarioTimings.PATIENCE).until(() -> heaviest.node().isMaster());
        all.stream().filter(h -> h != heaviest).forEach(TestHost::startNode);
        awaitOnlyMaster(all, heaviest);
        assertEveryNodeHeardTheOthersFromTheirOwnAddresses();
    }

    @AfterEach
    void removeHosts() {
        if (testHosts != null) {
            testHosts.close();
        }
    }

    @Test
    void killNineOfTheMasterLeavesOneNewMasterOnEveryHost() {
        TestHost master = testHosts.host(5);
        List<TestHost> survivors = all.subList(0, 4);

        long killedAt = System.nanoTime();
        master.node().kill();
        TestHost successor = TestHosts.heaviest(survivors);
        awaitOnlyMaster(survivors, successor);

        Duration failover = Duration.ofNanos(firstLineAfter(successor.node(), "promoted", killedAt) - killedAt);
        report("failover after kill -9 of the master: %d ms", failover.toMillis());
        assertThat(failover).isLessThan(ScenarioTimings.LONGEST_TOLERABLE_MASTERLESS_TIME);
    }

    @Test
    void aCutOffMasterAndTheOthersEachKeepAMasterAndAfterHealingOnlyTheHeaviestRemains() {
        TestHost master = testHosts.host(5);
        List<TestHost> others = all.subList(0, 4);

        TestHost othersMaster = TestHosts.heaviest(others);
        long cutAt = System.nanoTime();
        testHosts.cutLink(master);
        await().atMost(ScenarioTimings.PATIENCE).untilAsserted(() -> {
            assertOnlyMaster(List.of(master), master);
            assertOnlyMaster(others, othersMaster);
        });

        long restoredAt = System.nanoTime();
        testHosts.restoreLink(master);
        awaitOnlyMaster(all, master);
        report("partition: the cut-off side elected %s %d ms after the cut; it stepped down %d ms after the link came back",
                othersMaster, millisSince(cutAt, firstLineAfter(othersMaster.node(), "promoted", cutAt)),
                millisSince(restoredAt, firstLineAfter(othersMaster.node(), "demoted", restoredAt)));
    }

    @Test
    void aRollingRestartOfEveryHostNeverLeavesTheHostsWithoutAMasterLongerThanTheTimeouts() {
        TestHost master = testHosts.host(5);
        long from = System.nanoTime();
        // Heaviest first: the master is restarted, its successor is the next one restarted, and the master role moves
        // back to the restarted host 5; a returning heavier node does not depose a running master.
        for (TestHost host : all.stream().sorted(Comparator.comparingDouble(TestHost::weight).reversed()).toList()) {
            NodeProcess stopped = host.node();
            host.restartNode();
            // The timeline needs the graceful end: a node killed after the stop timed out would print no "stopped".
            assertThat(stopped.lines()).as("lines of the node stopped on %s", host).contains("stopped");
            if (host == master) {
                master = TestHosts.heaviest(all.stream().filter(h -> h != host).toList());
            }
            awaitOnlyMaster(all, master);
        }
        long to = System.nanoTime();

        List<NodeProcess> everyNode = all.stream().flatMap(h -> h.nodes().stream()).toList();
        Duration longest = new MasterTimeline(everyNode).longestTimeWithoutMaster(from, to);
        report("rolling restart of %d hosts in %d ms: longest time without a master %d ms",
                all.size(), Duration.ofNanos(to - from).toMillis(), longest.toMillis());
        assertThat(longest).isLessThan(ScenarioTimings.LONGEST_TOLERABLE_MASTERLESS_TIME);
    }

    /** The hosts are real and separate: every node heard every other one from that host's own address. */
    private void assertEveryNodeHeardTheOthersFromTheirOwnAddresses() {
        for (TestHost host : all) {
            for (TestHost other : all) {
                if (other != host) {
                    assertThat(host.node().lines()).as("lines of the node on %s", host)
                            .contains("added " + other.node().id() + " " + other.address());
                }
            }
        }
    }

    /** Waits until, among {@code group}, every node sees all the others and names {@code master} as the only master. */
    private static void awaitOnlyMaster(List<TestHost> group, TestHost master) {
        await().atMost(ScenarioTimings.PATIENCE).untilAsserted(() -> assertOnlyMaster(group, master));
    }

    private static void assertOnlyMaster(List<TestHost> group, TestHost master) throws Exception {
        String masterId = master.node().id();
        assertThat(masterId).as("id of the node on %s", master).isNotNull();
        for (TestHost host : group) {
            NodeProcess node = host.node();
            List<String> others = group.stream().filter(h -> h != host).map(h -> h.node().id()).toList();
            assertThat(node.peers()).as("peers seen on %s", host).containsExactlyInAnyOrderElementsOf(others);
            assertThat(node.isMaster()).as("whether %s is master", host).isEqualTo(host == master);
            assertThat(node.masters()).as("masters named on %s", host).containsExactly(masterId);
        }
    }

    /** When the node printed the line, the first time after the given moment ({@link System#nanoTime()}). */
    private static long firstLineAfter(NodeProcess node, String text, long nanos) {
        return node.timeline().stream().filter(l -> l.text().equals(text) && l.nanos() > nanos)
                .mapToLong(NodeProcess.Line::nanos).findFirst().orElseThrow();
    }

    private static long millisSince(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    /** The figures the scenarios measured, for the build log. */
    private static void report(String format, Object... args) {
        System.out.println("[multi-host] " + String.format(format, args));
    }
}
