package dev.discovery.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Discovery and graceful leave. Each run starts a newcomer beside the cluster and times until every member has it
 * (from the newcomer's start), then, at a random point of its hello cycle, stops it gracefully and times until every
 * member has removed it (from the call to stop).
 */
final class JoinLeaveScenario {

    /** Lighter than every member, so a newcomer never takes part in the election. */
    static final double NEWCOMER_WEIGHT = 0.5;
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param discovery          from the newcomer's start (for node-discover: its {@code started} line)
     * @param discoveryFromHello from when its first hello had left, for both ({@link Member#firstHelloAt()})
     */
    record Result(Samples discovery, Samples discoveryFromHello, Samples leave) {
    }

    private JoinLeaveScenario() {
    }

    static Result run(Cluster cluster, int runs, RandomPhase phase) throws IOException, InterruptedException {
        Samples discovery = new Samples();
        Samples discoveryFromHello = new Samples();
        Samples leave = new Samples();
        EventLog log = cluster.log();
        Set<String> members = cluster.ids();
        for (int run = 0; run < runs; run++) {
            int mark = log.mark();
            Member newcomer = cluster.contender().startMember(cluster.settings(), NEWCOMER_WEIGHT, log);
            try {
                String id = newcomer.id();
                Map<String, Long> added = log.firstSeen(members, mark, o -> o.is(Observed.Kind.ADDED, id), DISCOVERY_TIMEOUT);
                discovery.addLatest(added, members.size(), newcomer.startedAt());
                discoveryFromHello.addLatest(added, members.size(), newcomer.firstHelloAt());
                phase.sleepWithin(cluster.settings().helloInterval());
                mark = log.mark();
                long t0 = System.nanoTime();
                newcomer.stop();
                Map<String, Long> removed = log.firstSeen(members, mark, o -> o.is(Observed.Kind.REMOVED, id), LEAVE_TIMEOUT);
                leave.addLatest(removed, members.size(), t0);
            } finally {
                newcomer.close();
            }
        }
        return new Result(discovery, discoveryFromHello, leave);
    }
}
