package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MasterWorkTest {

    /** Nodes 1..count weighing their number, each with a MasterWork. */
    private static Map<SimNode, MasterWork> cluster(SimCluster cluster, int count) {
        Map<SimNode, MasterWork> works = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            double weight = i;
            SimNode node = cluster.add(i, b -> b.weight(weight));
            works.put(node, new MasterWork(node.discovery));
        }
        cluster.startAll();
        return works;
    }

    /** A lifecycle that writes "start name" and "stop name" with the virtual time to a shared log. */
    private static MasterLifecycle logging(SimCluster cluster, List<String> log, String name) {
        return new MasterLifecycle() {
            @Override
            public void start() {
                log.add("start " + name + " at " + cluster.scheduler.millis());
            }

            @Override
            public void stop() {
                log.add("stop " + name + " at " + cluster.scheduler.millis());
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void onlyTheLeaderRunsMasterOnlyWorkAndTheOthersCountTheSkip() {
        SimCluster cluster = new SimCluster(1);
        Map<SimNode, MasterWork> works = cluster(cluster, 3);
        MasterWork first = works.get(cluster.nodes.get("node-0001"));
        assertThat(first.runIfLeader(() -> { })).as("no leader before the first check").isFalse();
        cluster.run(Duration.ofMillis(2500));

        List<String> ran = new ArrayList<>();
        works.forEach((node, work) -> work.runIfLeader(() -> ran.add(node.id)));
        assertThat(ran).containsExactly("node-0003");
        assertThat(works.get(cluster.nodes.get("node-0003")).isLeader()).isTrue();
        assertThat(first.isLeader()).isFalse();
        assertThat(first.skips()).isEqualTo(2);
        assertThat(first.runs()).isZero();
        assertThat(first.leader()).map(Node::id).contains("node-0003");
    }

    @Test
    void lifecyclesStartInOrderOnPromotionAndStopInReverseOnDemotionBeforeTheNextStarts() {
        SimCluster cluster = new SimCluster(2);
        Map<SimNode, MasterWork> works = cluster(cluster, 3);
        List<String> log = new CopyOnWriteArrayList<>();
        works.forEach((node, work) -> {
            work.register(logging(cluster, log, node.id + "/a"));
            work.register(logging(cluster, log, node.id + "/b"));
        });
        cluster.run(Duration.ofMillis(2500));
        assertThat(log).containsExactly("start node-0003/a at 2000", "start node-0003/b at 2000");

        log.clear();
        cluster.nodes.get("node-0003").discovery.demote(true); // steps down now; node-0002 takes over at its next check
        cluster.run(Duration.ofMillis(2000));
        assertThat(log).containsExactly("stop node-0003/b at 2500", "stop node-0003/a at 2500",
                "start node-0002/a at 4000", "start node-0002/b at 4000");
    }

    @Test
    void aStoppingLeaderStopsItsLifecyclesAndARegistrationOnTheLeaderStartsAtOnce() {
        SimCluster cluster = new SimCluster(3);
        Map<SimNode, MasterWork> works = cluster(cluster, 2);
        cluster.run(Duration.ofMillis(2500));
        SimNode leader = cluster.nodes.get("node-0002");
        List<String> log = new CopyOnWriteArrayList<>();
        works.get(leader).register(logging(cluster, log, "late"));
        assertThat(log).containsExactly("start late at 2500");

        leader.discovery.stop();
        cluster.run(Duration.ofMillis(10));
        assertThat(log).containsExactly("start late at 2500", "stop late at 2500");
        assertThat(works.get(leader).isLeader()).isFalse();
        assertThat(works.get(cluster.nodes.get("node-0001")).isLeader()).as("the goodbye hands over at once").isTrue();
    }

    @Test
    void aLifecycleThatFailsToStartIsNotStoppedAndTheOthersStillRun() {
        SimCluster cluster = new SimCluster(4);
        SimNode node = cluster.add(1);
        MasterWork work = new MasterWork(node.discovery);
        List<String> log = new CopyOnWriteArrayList<>();
        work.register(logging(cluster, log, "a"));
        work.register(new MasterLifecycle() {
            @Override
            public void start() {
                throw new IllegalStateException("broken");
            }

            @Override
            public void stop() {
                log.add("stop broken");
            }
        });
        work.register(logging(cluster, log, "c"));
        node.discovery.start();
        cluster.run(Duration.ofMillis(2500));
        node.discovery.stop();
        cluster.run(Duration.ofMillis(10));
        assertThat(log).containsExactly("start a at 2000", "start c at 2000", "stop c at 2500", "stop a at 2500");
    }

    @Test
    void withTwoMastersOneLeadsAndTheOtherTakesOverTheInstantTheLeaderIsRemoved() {
        SimCluster cluster = new SimCluster(5, b -> b.mastersRequired(2));
        Map<SimNode, MasterWork> works = cluster(cluster, 4);
        List<String> log = new CopyOnWriteArrayList<>();
        works.forEach((node, work) -> work.register(logging(cluster, log, node.id)));
        cluster.run(Duration.ofMillis(2500));
        assertThat(cluster.actualMasters()).containsExactly("node-0003", "node-0004");
        // Both step up at the first check; node-0003 leads until node-0004's hello tells it who outranks it.
        assertThat(log).containsExactly("start node-0003 at 2000", "start node-0004 at 2000", "stop node-0003 at 2001");
        log.clear();

        SimNode leader = cluster.nodes.get("node-0004");
        List<Long> removedAt = new CopyOnWriteArrayList<>();
        cluster.nodes.get("node-0003").discovery.addListener(event -> {
            if (event instanceof DiscoveryEvent.NodeRemoved) {
                removedAt.add(cluster.scheduler.millis());
            }
        });
        cluster.network.isolate(leader.address); // a crash, as the others see it
        cluster.run(Duration.ofMillis(3000));
        // node-0003, already master, leads the instant it removes node-0004, not at its next check (6000).
        assertThat(removedAt).hasSize(1).allSatisfy(at -> assertThat(at).isLessThan(6000));
        assertThat(log).containsExactly("start node-0003 at " + removedAt.get(0));
        assertThat(works.get(cluster.nodes.get("node-0003")).isLeader()).isTrue();
    }

    @Test
    void withAPartitionEachSideHasALeaderAndAfterTheHealOneRemains() {
        SimCluster cluster = new SimCluster(6);
        Map<SimNode, MasterWork> works = cluster(cluster, 4);
        cluster.run(Duration.ofMillis(2500));
        SimNode n1 = cluster.nodes.get("node-0001");
        SimNode n2 = cluster.nodes.get("node-0002");
        SimNode n3 = cluster.nodes.get("node-0003");
        SimNode n4 = cluster.nodes.get("node-0004");
        cluster.network.partition(List.of(n1.address, n2.address), List.of(n3.address, n4.address));
        cluster.run(Duration.ofSeconds(5));
        assertThat(leaders(works)).containsExactly("node-0002", "node-0004");

        cluster.network.heal();
        cluster.run(Duration.ofMillis(1100)); // one hello: node-0002 hears node-0004 and stops leading at once
        assertThat(leaders(works)).containsExactly("node-0004");
    }

    private static List<String> leaders(Map<SimNode, MasterWork> works) {
        return works.entrySet().stream().filter(e -> e.getValue().isLeader()).map(e -> e.getKey().id).toList();
    }

    @Test
    void losingTheLeadWaitsForTheMasterOnlyCallsStillRunningBeforeStoppingTheLifecycles() throws Exception {
        SimCluster cluster = new SimCluster(7);
        SimNode node = cluster.add(1);
        MasterWork work = new MasterWork(node.discovery);
        List<String> log = new CopyOnWriteArrayList<>();
        work.register(logging(cluster, log, "lifecycle"));
        node.discovery.start();
        cluster.run(Duration.ofMillis(2500));
        assertThat(work.isLeader()).isTrue();

        Thread main = Thread.currentThread();
        CountDownLatch entered = new CountDownLatch(1);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(() -> work.runIfLeader(() -> {
                entered.countDown();
                // Returns once the demotion below waits for this call.
                await().atMost(Duration.ofSeconds(30)).until(() -> main.getState() == Thread.State.WAITING);
                log.add("call returns, leader=" + work.isLeader());
            }), caller);
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            node.discovery.demote(false);
            cluster.run(Duration.ofMillis(10));
            assertThat(call.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            caller.shutdownNow();
        }
        assertThat(log).containsExactly("start lifecycle at 2000", "call returns, leader=false",
                "stop lifecycle at 2500");
        assertThat(work.runIfLeader(() -> log.add("not run"))).isFalse();
    }
}
