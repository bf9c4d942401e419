package dev.discovery.bench;

import java.io.IOException;

/**
 * The scenarios both implementations can run, for one of them, on one 10-node cluster of its own (fresh port): join
 * and leave, master crash with a bystander crash, master graceful stop; then channel messaging between two processes.
 */
final class SideBySide {

    static final int CLUSTER_SIZE = 10;

    record Figures(Samples discovery, Samples discoveryFromHello, Samples leave, Samples crashDetection, Samples failoverAfterCrash,
                   Samples failoverAfterStop, int runsWithTwoPromotions, MessagingScenario.Result messaging) {
    }

    private SideBySide() {
    }

    static Figures run(Contender contender, RunPlan.Counts counts, long seed) throws IOException, InterruptedException {
        RandomPhase phase = new RandomPhase(seed);
        Progress.say(contender.name() + ": starting a cluster of " + CLUSTER_SIZE);
        JoinLeaveScenario.Result joinLeave;
        MasterLossScenario.Result crash;
        MasterLossScenario.Result graceful;
        try (Cluster cluster = Cluster.start(contender, ClusterSettings.defaults(), CLUSTER_SIZE - 1)) {
            Progress.say(contender.name() + ": discovery and graceful leave, " + counts.joinLeave() + " runs");
            joinLeave = JoinLeaveScenario.run(cluster, counts.joinLeave(), phase);
            Progress.say(contender.name() + ": master and bystander kill -9, " + counts.crash() + " runs");
            crash = MasterLossScenario.run(cluster, MasterLossScenario.Ending.CRASH, counts.crash(), phase);
            Progress.say(contender.name() + ": master graceful stop, " + counts.graceful() + " runs");
            graceful = MasterLossScenario.run(cluster, MasterLossScenario.Ending.GRACEFUL, counts.graceful(), phase);
        }
        Progress.say(contender.name() + ": channel messaging between two processes");
        MessagingScenario.Result messaging = MessagingScenario.run(contender, counts.latencyMessages(), counts.burstMessages());
        return new Figures(joinLeave.discovery(), joinLeave.discoveryFromHello(), joinLeave.leave(), crash.crashDetection(), crash.failover(),
                graceful.failover(), crash.runsWithTwoPromotions() + graceful.runsWithTwoPromotions(), messaging);
    }
}
