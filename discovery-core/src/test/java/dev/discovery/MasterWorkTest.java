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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class MasterWorkTest {

    /** Nodes 1..count weighing their number, each with a MasterWork that has master-only work. */
    private static Map<SimNode, MasterWork> cluster(SimCluster cluster, int count) {
        Map<SimNode, MasterWork> works = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            double weight = i;
            SimNode node = cluster.add(i, b -> b.weight(weight));
            MasterWork work = new MasterWork(node.discovery);
            work.offerToLead();
            works.put(node, work);
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

    private static List<String> leaders(Map<SimNode, MasterWork> works) {
        return works.entrySet().stream().filter(e -> e.getValue().isLeader()).map(e -> e.getKey().id).toList();
    }

    @Test
    void onlyTheLeaderRunsMasterOnlyWorkAndTheOthersCountTheSkip() {
        SimCluster cluster = new SimCluster(1);
        Map<SimNode, MasterWork> works = cluster(cluster, 3);
        MasterWork first = works.get(cluster.nodes.get("node-0001"));
        assertThat(first.runIfLeader(() -> { })).as("nobody leads before the settle and hand-over time").isFalse();
        cluster.run(Duration.ofMillis(4000));

        List<String> ran = new ArrayList<>();
        works.forEach((node, work) -> work.runIfLeader(term -> ran.add(node.id + " in term " + term)));
        assertThat(ran).containsExactly("node-0003 in term 1");
        MasterWork leader = works.get(cluster.nodes.get("node-0003"));
        assertThat(leader.isLeader()).isTrue();
        assertThat(leader.term()).isEqualTo(1);
        assertThat(first.isLeader()).isFalse();
        assertThat(first.term()).isZero();
        assertThat(first.skips()).isEqualTo(2);
        assertThat(first.runs()).isZero();
        assertThat(first.leader()).map(Node::id).contains("node-0003");
    }

    @Test
    void lifecyclesStartInOrderOnTheLeadAndStopInReverseWhenItYieldsBeforeTheNextStarts() {
        SimCluster cluster = new SimCluster(2);
        Map<SimNode, MasterWork> works = cluster(cluster, 3);
        List<String> log = new CopyOnWriteArrayList<>();
        List<LeadEvent> events = new CopyOnWriteArrayList<>();
        works.forEach((node, work) -> {
            work.register(logging(cluster, log, node.id + "/a"));
            work.register(logging(cluster, log, node.id + "/b"));
            work.addListener(events::add);
        });
        cluster.run(Duration.ofMillis(4000));
        assertThat(log).containsExactly("start node-0003/a at 3500", "start node-0003/b at 3500");

        log.clear();
        works.get(cluster.nodes.get("node-0003")).yieldLead(); // steps down now; its hello hands the lead on
        cluster.run(Duration.ofMillis(2000));
        assertThat(log).hasSize(4).startsWith("stop node-0003/b at 4000", "stop node-0003/a at 4000");
        assertThat(log.get(2)).startsWith("start node-0002/a at 40");
        assertThat(leaders(works)).containsExactly("node-0002");
        assertThat(events).containsExactly(new LeadEvent.LeadTaken("node-0003", 1),
                new LeadEvent.LeadLost("node-0003", 1), new LeadEvent.LeadTaken("node-0002", 2));
    }

    @Test
    void aStoppingLeaderStopsItsLifecyclesAndItsGoodbyeHandsTheLeadOverAtOnce() {
        SimCluster cluster = new SimCluster(3);
        Map<SimNode, MasterWork> works = cluster(cluster, 2);
        cluster.run(Duration.ofMillis(4000));
        SimNode leader = cluster.nodes.get("node-0002");
        List<String> log = new CopyOnWriteArrayList<>();
        works.get(leader).register(logging(cluster, log, "late"));
        assertThat(log).containsExactly("start late at 4000");

        leader.discovery.stop();
        cluster.run(Duration.ofMillis(100));
        assertThat(log).containsExactly("start late at 4000", "stop late at 4000");
        assertThat(works.get(leader).isLeader()).isFalse();
        assertThat(works.get(cluster.nodes.get("node-0001")).isLeader()).as("the goodbye hands over at once").isTrue();
        assertThat(works.get(cluster.nodes.get("node-0001")).term()).isEqualTo(2);
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
        cluster.run(Duration.ofMillis(4000));
        node.discovery.stop();
        cluster.run(Duration.ofMillis(10));
        assertThat(log).containsExactly("start a at 3500", "start c at 3500", "stop c at 4000", "stop a at 4000");
    }

    @Test
    void aCrashedLeaderIsTakenOverOnceItHasBeenSilentForTheTakeoverTimeout() {
        SimCluster cluster = new SimCluster(5);
        Map<SimNode, MasterWork> works = cluster(cluster, 3);
        List<String> log = new CopyOnWriteArrayList<>();
        works.forEach((node, work) -> work.register(logging(cluster, log, node.id)));
        cluster.run(Duration.ofMillis(4000));
        log.clear();

        SimNode leader = cluster.nodes.get("node-0003");
        cluster.network.isolate(leader.address); // a crash, as the others see it; its last hello left at 3500
        cluster.run(Duration.ofMillis(3000));
        assertThat(log).hasSize(1);
        long at = Long.parseLong(log.get(0).replace("start node-0002 at ", ""));
        assertThat(at).as("takeoverTimeout (2 s) after its last hello").isBetween(5000L, 6100L);
        assertThat(works.get(cluster.nodes.get("node-0002")).term()).isEqualTo(2);
    }

    @Test
    void aNodeWithoutMasterOnlyWorkOrOfAnotherServiceNeverLeadsEvenWhenItOutranksTheOthers() {
        SimCluster cluster = new SimCluster(6);
        Predicate<Node> greeters = node -> "greeter".equals(node.advertisementMap().get("name"));
        SimNode caller = cluster.add(9, b -> b.weight(9.0));          // the oldest: the cluster-wide master
        SimNode idleGreeter = cluster.add(8, b -> b.weight(8.0));     // a greeter with no master-only work
        SimNode greeter1 = cluster.add(2, b -> b.weight(2.0));
        SimNode greeter2 = cluster.add(1, b -> b.weight(1.0));
        caller.discovery.advertise(Map.of("name", "caller"));
        for (SimNode greeter : List.of(idleGreeter, greeter1, greeter2)) {
            greeter.discovery.advertise(Map.of("name", "greeter"));
        }
        MasterWork callerWork = new MasterWork(caller.discovery, node -> "caller".equals(node.advertisementMap().get("name")));
        MasterWork idle = new MasterWork(idleGreeter.discovery, greeters);
        MasterWork work1 = new MasterWork(greeter1.discovery, greeters);
        MasterWork work2 = new MasterWork(greeter2.discovery, greeters);
        work1.offerToLead();
        work2.offerToLead();
        cluster.startAll();
        cluster.run(Duration.ofMillis(6000));
        assertThat(cluster.actualMasters()).containsExactly("node-0009");
        assertThat(idle.isLeader()).isFalse();
        assertThat(callerWork.isLeader()).as("no master-only work of its own").isFalse();
        assertThat(work1.isLeader()).isTrue();
        assertThat(work2.leader()).map(Node::id).contains("node-0002");

        greeter1.discovery.stop();
        cluster.run(Duration.ofMillis(100));
        assertThat(work2.isLeader()).isTrue();
        assertThat(idle.isLeader()).isFalse();
    }

    @Test
    void withoutAQuorumEachSideOfAPartitionLeadsAndAfterTheHealOneRemainsInANewTerm() {
        SimCluster cluster = new SimCluster(7);
        Map<SimNode, MasterWork> works = cluster(cluster, 4);
        cluster.run(Duration.ofMillis(4000));
        SimNode n1 = cluster.nodes.get("node-0001");
        SimNode n2 = cluster.nodes.get("node-0002");
        SimNode n3 = cluster.nodes.get("node-0003");
        SimNode n4 = cluster.nodes.get("node-0004");
        cluster.network.partition(List.of(n1.address, n2.address), List.of(n3.address, n4.address));
        cluster.run(Duration.ofSeconds(5));
        assertThat(leaders(works)).containsExactly("node-0002", "node-0004");
        assertThat(works.get(n2).term()).isEqualTo(2);
        assertThat(works.get(n4).term()).isEqualTo(1);

        cluster.network.heal();
        cluster.run(Duration.ofMillis(1100)); // one hello: the older term hears the newer and stops leading at once
        assertThat(leaders(works)).containsExactly("node-0002");
        assertThat(works.get(n2).term()).isEqualTo(2);
    }

    @Test
    void withAQuorumTheMinoritysLeaderStopsBeforeTheMajorityTakesOver() {
        SimCluster cluster = new SimCluster(8, b -> b.quorumMinimumSize(3));
        Map<SimNode, MasterWork> works = cluster(cluster, 5);
        List<String> log = new CopyOnWriteArrayList<>();
        List<LeadEvent> quorum = new CopyOnWriteArrayList<>();
        works.forEach((node, work) -> {
            work.register(logging(cluster, log, node.id));
            work.addListener(event -> {
                if (event instanceof LeadEvent.QuorumChanged changed) {
                    quorum.add(changed);
                }
            });
        });
        cluster.run(Duration.ofMillis(7000)); // settled at 2 s, a quorum heard 1.5 s, 2.5 s to wait, a claim of 1.5 s
        assertThat(leaders(works)).containsExactly("node-0005");
        log.clear();
        quorum.clear();

        List<SimNode> minority = List.of(cluster.nodes.get("node-0004"), cluster.nodes.get("node-0005"));
        List<SimNode> majority = List.of(cluster.nodes.get("node-0001"), cluster.nodes.get("node-0002"),
                cluster.nodes.get("node-0003"));
        cluster.network.partition(minority.stream().map(n -> n.address).toList(),
                majority.stream().map(n -> n.address).toList());
        long cut = cluster.scheduler.millis();
        cluster.run(Duration.ofSeconds(8));
        assertThat(leaders(works)).containsExactly("node-0003");
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("stop node-0005");
        assertThat(log.get(1)).startsWith("start node-0003");
        long stopped = Long.parseLong(log.get(0).replaceAll(".* at ", ""));
        long started = Long.parseLong(log.get(1).replaceAll(".* at ", ""));
        // The lease lapses nodeTimeout after the last hello heard (calls are refused from then on, by the clock); the
        // lifecycles stop on the timer that follows, a millisecond later.
        assertThat(stopped - cut).isLessThanOrEqualTo(2001);
        assertThat(started).isGreaterThan(stopped);
        assertThat(works.get(cluster.nodes.get("node-0003")).term()).isEqualTo(2);
        assertThat(quorum).containsExactlyInAnyOrder(new LeadEvent.QuorumChanged("node-0004", false, 2, 3),
                new LeadEvent.QuorumChanged("node-0005", false, 2, 3));
        assertThat(works.get(minority.get(0)).hasQuorum()).isFalse();

        cluster.network.heal();
        cluster.run(Duration.ofSeconds(5));
        assertThat(leaders(works)).as("a healed node does not take the lead back").containsExactly("node-0003");
        assertThat(works.get(minority.get(1)).hasQuorum()).isTrue();
    }

    /**
     * Simulation seed 1253 (and 485, 764, 1127, ...): a claimant cut off from its quorum during its claim still counted
     * the members' last hellos, took its term when the claim ended and lost its quorum soon after, and nobody else had
     * heard of that term, so the other side's next lead took it again. A lead now starts only once a quorum knows its
     * term.
     */
    @Test
    void withAQuorumALeadStartsOnlyOnceAQuorumKnowsItsTermSoTheNextLeadTakesAHigherOne() {
        SimCluster cluster = new SimCluster(8, b -> b.quorumMinimumSize(2).nodeTimeout(Duration.ofSeconds(4))
                .takeoverTimeout(Duration.ofSeconds(6)));
        Map<SimNode, MasterWork> works = cluster(cluster, 3);
        List<String> taken = new CopyOnWriteArrayList<>();
        works.values().forEach(work -> work.addListener(event -> {
            if (event instanceof LeadEvent.LeadTaken lead) {
                taken.add(lead.nodeId() + " " + lead.term());
            }
        }));
        SimNode n3 = cluster.nodes.get("node-0003");
        while (n3.discovery.highestTerm() == 0) { // the claim of the first lead is announced from here on
            cluster.run(Duration.ofMillis(10));
        }
        // Cut off before its claim reached anyone; a nodeTimeout of 4 s keeps its quorum past the claim's end.
        SimNode n1 = cluster.nodes.get("node-0001");
        SimNode n2 = cluster.nodes.get("node-0002");
        cluster.network.partition(List.of(n3.address), List.of(n1.address, n2.address));
        cluster.run(Duration.ofSeconds(15));
        assertThat(leaders(works)).containsExactly("node-0002");
        // Without the rule the claimant led term 1 for a moment on its members' last hellos, no member having
        // announced that it knew the term.
        assertThat(taken).as("the cut-off claimant takes no lead").noneMatch(lead -> lead.startsWith("node-0003"));
    }

    @Test
    void aHeavierNewcomerWaitsToSettleAndThenLeavesTheSittingLeaderInPlace() {
        SimCluster cluster = new SimCluster(9);
        Map<SimNode, MasterWork> works = cluster(cluster, 2);
        cluster.run(Duration.ofMillis(4000));
        SimNode newcomer = cluster.add(7, b -> b.weight(7.0));
        MasterWork work = new MasterWork(newcomer.discovery);
        work.offerToLead();
        newcomer.discovery.start();
        cluster.run(Duration.ofMillis(5000));
        assertThat(newcomer.discovery.isSettled()).isTrue();
        assertThat(work.isLeader()).isFalse();
        assertThat(leaders(works)).containsExactly("node-0002");
    }

    @Test
    void losingTheLeadWaitsForTheMasterOnlyCallsStillRunningBeforeStoppingTheLifecycles() throws Exception {
        SimCluster cluster = new SimCluster(10);
        SimNode node = cluster.add(1);
        MasterWork work = new MasterWork(node.discovery);
        List<String> log = new CopyOnWriteArrayList<>();
        work.register(logging(cluster, log, "lifecycle"));
        node.discovery.start();
        cluster.run(Duration.ofMillis(4000));
        assertThat(work.isLeader()).isTrue();

        Thread main = Thread.currentThread();
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(() -> work.runIfLeader(() -> {
            entered.countDown();
            // Returns once the step-down below waits for this call.
            await().atMost(Duration.ofSeconds(30)).until(() -> main.getState() == Thread.State.WAITING);
            log.add("call returns, leader=" + work.isLeader());
        }), runnable -> new Thread(runnable, "master-only-call").start());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        work.yieldLead();
        cluster.run(Duration.ofMillis(10));
        assertThat(call.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(log).containsExactly("start lifecycle at 3500", "call returns, leader=false",
                "stop lifecycle at 4000");
        assertThat(work.runIfLeader(() -> log.add("not run"))).isFalse();
    }
}
