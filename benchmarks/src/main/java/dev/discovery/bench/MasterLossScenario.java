package dev.discovery.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Master failover, and crash detection. Each run adds a victim heavier than every member, makes it the one master
 * (it is promoted, the sitting master demoted), waits a random point of the hello cycle and then ends it: kill -9 of
 * its process, or a graceful stop. It times until every member agrees on the new master: it has removed the victim
 * and knows the new master (it was promoted itself, or saw the new master's announcement).
 *
 * <p>In the crash variant a second, ordinary node (a bystander) is killed at the same instant: the time until every
 * member has removed it is the crash-detection figure for a node that is not master.
 */
final class MasterLossScenario {

    enum Ending { CRASH, GRACEFUL }

    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(15);
    /** Both implementations announce a demotion with a hello at once; this leaves it time to reach every member. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    record Result(Samples failover, Samples crashDetection, int runsWithTwoPromotions) {
    }

    private MasterLossScenario() {
    }

    static Result run(Cluster cluster, Ending ending, int runs, RandomPhase phase) throws IOException, InterruptedException {
        Samples failover = new Samples();
        Samples crashDetection = new Samples();
        int twoPromotions = 0;
        EventLog log = cluster.log();
        Set<String> members = cluster.ids();
        boolean crash = ending == Ending.CRASH;
        for (int run = 0; run < runs; run++) {
            double weight = 1000 + run;
            // The two processes start side by side: a JVM takes about a second to start on this machine.
            CompletableFuture<Member> victimStart = CompletableFuture.supplyAsync(() -> crash
                    ? startProcess(cluster, weight) : startMember(cluster, weight));
            Member bystander = crash ? startProcess(cluster, JoinLeaveScenario.NEWCOMER_WEIGHT) : null;
            Member victim = victimStart.join();
            try {
                awaitKnown(cluster, victim);
                if (bystander != null) {
                    awaitKnown(cluster, bystander);
                }
                makeSoleMaster(cluster, victim);
                phase.sleepWithin(cluster.settings().helloInterval());

                int mark = log.mark();
                long t0 = System.nanoTime();
                if (crash) {
                    victim.kill();
                    bystander.kill();
                } else {
                    victim.stop();
                }

                if (bystander != null) {
                    String bystanderId = bystander.id();
                    crashDetection.addLatest(log.firstSeen(members, mark,
                            o -> o.is(Observed.Kind.REMOVED, bystanderId), OUTCOME_TIMEOUT), members.size(), t0);
                }
                Observed promotion = log.first(mark,
                        o -> o.kind() == Observed.Kind.PROMOTED && members.contains(o.observer()), OUTCOME_TIMEOUT);
                if (promotion == null) {
                    failover.fail();
                    continue;
                }
                String newMaster = promotion.observer();
                String victimId = victim.id();
                Map<String, Long> removed = log.firstSeen(members, mark,
                        o -> o.is(Observed.Kind.REMOVED, victimId), OUTCOME_TIMEOUT);
                Map<String, Long> knowsNewMaster = log.firstSeen(members, mark,
                        o -> o.is(Observed.Kind.MASTER, newMaster) || o.is(Observed.Kind.PROMOTED, newMaster),
                        OUTCOME_TIMEOUT);
                failover.addLatest(EventLog.later(removed, knowsNewMaster), members.size(), t0);
                if (log.select(mark, o -> o.kind() == Observed.Kind.PROMOTED && members.contains(o.observer())).size() > 1) {
                    twoPromotions++;
                }
            } finally {
                victim.close();
                if (bystander != null) {
                    bystander.close();
                }
            }
        }
        return new Result(failover, crash ? crashDetection : null, twoPromotions);
    }

    private static Member startProcess(Cluster cluster, double weight) {
        try {
            return cluster.contender().startProcess(cluster.settings(), weight, cluster.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Member startMember(Cluster cluster, double weight) {
        try {
            return cluster.contender().startMember(cluster.settings(), weight, cluster.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitKnown(Cluster cluster, Member node) throws InterruptedException {
        String id = node.id();
        Set<String> members = cluster.ids();
        if (cluster.log().firstSeen(members, 0, o -> o.is(Observed.Kind.ADDED, id), SETUP_TIMEOUT).size() < members.size()) {
            throw new IllegalStateException("not every member discovered " + id);
        }
    }

    /** Promotes the victim and demotes every sitting master; returns once every member knows. */
    private static void makeSoleMaster(Cluster cluster, Member victim) throws InterruptedException {
        EventLog log = cluster.log();
        List<Member> sitting = cluster.masters();
        int mark = log.mark();
        victim.promote();
        sitting.forEach(Member::demote);
        String id = victim.id();
        Set<String> members = cluster.ids();
        if (log.firstSeen(members, mark, o -> o.is(Observed.Kind.MASTER, id), SETUP_TIMEOUT).size() < members.size()) {
            throw new IllegalStateException("not every member saw " + id + " become master");
        }
        for (Member master : sitting) {
            if (log.first(mark, o -> o.observer().equals(master.id()) && o.kind() == Observed.Kind.DEMOTED, SETUP_TIMEOUT) == null) {
                throw new IllegalStateException(master.id() + " did not step down");
            }
        }
        Thread.sleep(SETTLE.toMillis());
    }
}
