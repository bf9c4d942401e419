package dev.discovery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs every benchmark of issue 7 and writes one results file (Markdown): the JMH per-datagram figures, the
 * side-by-side scenarios for this library and node-discover 1.2.1, and convergence at scale. See docs/benchmarks.md.
 *
 * <p>Arguments: {@code --quick} (a few runs of everything, to check that it works), {@code --no-jmh},
 * {@code --no-node}, {@code --messaging} (only the channel messaging, both implementations side by side), {@code --join-leave} (only
 * discovery and graceful leave at N=10, both side by side). System properties: {@code bench.out} (results file, default benchmarks/target/results.md),
 * {@code bench.nodePeer} (default interop/node/peer.js). The JVM must run with
 * {@code -Ddiscovery.allowedDestinations=127.0.0.0/8}: every node then refuses to send anywhere but loopback.
 */
public final class BenchMain {

    static final String ALLOWED_DESTINATIONS = "discovery.allowedDestinations";
    private static final String LOOPBACK_ONLY = "127.0.0.0/8";
    private static final long SEED = 7;
    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(15);
    /** Both clocks start at the same point: node-discover's is its started line, printed after its first hello left. */
    private static final String DISCOVERY_FROM_HELLO = "discovery, N=" + SideBySide.CLUSTER_SIZE
            + ": first hello out → every peer has it";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (!LOOPBACK_ONLY.equals(System.getProperty(ALLOWED_DESTINATIONS))) {
            System.err.println("Refusing to run: start the JVM with -D" + ALLOWED_DESTINATIONS + "=" + LOOPBACK_ONLY
                    + " so that no node can send beyond loopback (benchmarks/run.sh does).");
            System.exit(2);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Set<String> flags = Set.of(args);
        RunPlan plan = flags.contains("--quick") ? RunPlan.QUICK : RunPlan.FULL;
        Path out = Path.of(System.getProperty("bench.out", "benchmarks/target/results.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path peerStderr = out.resolveSibling("peers-stderr.log");
        long begin = System.nanoTime();

        StringBuilder whyNoNode = new StringBuilder(flags.contains("--no-node") ? "--no-node given" : "");
        Optional<NodeDiscoverContender> node = flags.contains("--no-node") ? Optional.empty()
                : NodeDiscoverContender.find(Path.of(System.getProperty("bench.nodePeer", "interop/node/peer.js")),
                        peerStderr, whyNoNode);
        Report report = new Report();
        report.section("Machine", MachineInfo.describe(node.isPresent() ? NodeDiscoverContender.nodeVersion() : null));

        report.write(out);
        if (flags.contains("--messaging")) {
            messagingOnly(report, out, plan, peerStderr, node.orElse(null), whyNoNode);
            return;
        }
        if (flags.contains("--join-leave")) {
            joinLeaveOnly(report, out, plan, peerStderr, node.orElse(null), whyNoNode);
            return;
        }
        if (!flags.contains("--no-jmh")) {
            Progress.say("JMH: hello receive path and election check");
            report.section("Per-datagram cost (JMH)", JmhBenchmarks.run(plan.jmhIterations()));
            report.write(out); // each part is written as soon as it is done, so an interrupted run keeps what it did
        }

        SideBySide.Figures ours = SideBySide.run(new JavaContender(peerStderr), plan.ours(), SEED);
        SideBySide.Figures theirs = null;
        if (node.isPresent()) {
            theirs = SideBySide.run(node.get(), plan.theirs(), SEED);
        } else {
            report.note("node-discover was not run: " + whyNoNode);
        }
        Progress.say("ours: discovery and leave with 100 nodes, " + plan.joinLeaveAt100() + " runs");
        JoinLeaveScenario.Result at100;
        try (Cluster cluster = Cluster.start(new JavaContender(peerStderr), ClusterSettings.defaults(), 99)) {
            at100 = JoinLeaveScenario.run(cluster, plan.joinLeaveAt100(), new RandomPhase(SEED));
        }
        report.section("Side by side (default timings: hello 1 s, check 2 s, node and master timeout 2 s)",
                comparison(ours, theirs, at100).render());
        report.section("Channel messaging between two processes", MessagingReport.render(ours.messaging(),
                theirs == null ? null : theirs.messaging()));
        notes(report, ours, theirs);
        report.write(out);
        List<ConvergenceScenario.Result> convergence = convergence(plan);
        List<SocketFloorScenario.Result> floor = new ArrayList<>();
        for (int sockets : plan.floorSizes()) {
            Progress.say("control: " + sockets + " bare sockets");
            floor.add(SocketFloorScenario.run(sockets, plan.steadyWindow()));
        }
        report.section("Convergence at scale (ours, one JVM, real loopback sockets)",
                ConvergenceReport.render(convergence, floor));
        report.note(String.format("The whole benchmark took %.0f s; load average at the end: %s.",
                (System.nanoTime() - begin) / 1e9, MachineInfo.loadAverage()));
        report.write(out);
        System.out.println(report.render());
        Progress.say("results written to " + out.toAbsolutePath());
        System.exit(0); // peer reader threads and stray daemon threads must not keep the JVM
    }

    /** Channel messaging alone, ours then node-discover's, in one run: the part the messaging targets are about. */
    private static void messagingOnly(Report report, Path out, RunPlan plan, Path peerStderr,
                                      NodeDiscoverContender node, CharSequence whyNoNode)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Progress.say("ours: channel messaging between two processes");
        MessagingScenario.Result ours = MessagingScenario.run(new JavaContender(peerStderr),
                plan.ours().latencyMessages(), plan.ours().burstMessages());
        MessagingScenario.Result theirs = null;
        if (node != null) {
            Progress.say("node-discover: channel messaging between two processes");
            theirs = MessagingScenario.run(node, plan.theirs().latencyMessages(), plan.theirs().burstMessages());
        } else {
            report.note("node-discover was not run: " + whyNoNode);
        }
        report.section("Channel messaging between two processes", MessagingReport.render(ours, theirs));
        report.note(String.format("Only channel messaging was run (--messaging); it took %.0f s; load average at the end: %s.",
                (System.nanoTime() - begin) / 1e9, MachineInfo.loadAverage()));
        report.write(out);
        System.out.println(report.render());
        System.exit(0);
    }

    /**
     * Discovery and graceful leave at N=10 alone, ours then node-discover's, each on a cluster of its own and with the
     * same number of runs: the tail rows, which profiling needs to repeat without the rest.
     */
    private static void joinLeaveOnly(Report report, Path out, RunPlan plan, Path peerStderr,
                                      NodeDiscoverContender node, CharSequence whyNoNode)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        int members = SideBySide.CLUSTER_SIZE - 1;
        JoinLeaveScenario.Result ours;
        Progress.say("ours: discovery and graceful leave, " + plan.ours().joinLeave() + " runs");
        try (Cluster cluster = Cluster.start(new JavaContender(peerStderr), ClusterSettings.defaults(), members)) {
            ours = JoinLeaveScenario.run(cluster, plan.ours().joinLeave(), new RandomPhase(SEED));
        }
        JoinLeaveScenario.Result theirs = null;
        if (node != null) {
            // As many runs as ours: with fewer than 100, p99 is the maximum, and the maximum of more runs is larger.
            Progress.say("node-discover: discovery and graceful leave, " + plan.ours().joinLeave() + " runs");
            try (Cluster cluster = Cluster.start(node, ClusterSettings.defaults(), members)) {
                theirs = JoinLeaveScenario.run(cluster, plan.ours().joinLeave(), new RandomPhase(SEED));
            }
        } else {
            report.note("node-discover was not run: " + whyNoNode);
        }
        Comparison table = new Comparison();
        int n = SideBySide.CLUSTER_SIZE;
        table.add("discovery, N=" + n + ": start → every peer has it", ours.discovery(),
                theirs == null ? null : theirs.discovery(), null);
        table.add(DISCOVERY_FROM_HELLO, ours.discoveryFromHello(), theirs == null ? null : theirs.discoveryFromHello(), null);
        table.add("graceful leave, N=" + n + ": stop → every peer removed it", ours.leave(),
                theirs == null ? null : theirs.leave(), new Target("p99 < 50 ms", 50));
        report.section("Discovery and graceful leave (default timings)", table.render());
        report.note(String.format("Only discovery and leave were run (--join-leave); it took %.0f s; load average at "
                + "the end: %s.", (System.nanoTime() - begin) / 1e9, MachineInfo.loadAverage()));
        report.write(out);
        System.out.println(report.render());
        System.exit(0);
    }

    private static Comparison comparison(SideBySide.Figures ours, SideBySide.Figures theirs, JoinLeaveScenario.Result at100) {
        Comparison table = new Comparison();
        int n = SideBySide.CLUSTER_SIZE;
        table.add("discovery, N=" + n + ": start → every peer has it", ours.discovery(),
                theirs == null ? null : theirs.discovery(), null);
        table.add(DISCOVERY_FROM_HELLO, ours.discoveryFromHello(), theirs == null ? null : theirs.discoveryFromHello(), null);
        table.add("discovery, N=100: start → every peer has it", at100.discovery(), null, null);
        table.add("graceful leave, N=" + n + ": stop → every peer removed it", ours.leave(),
                theirs == null ? null : theirs.leave(), new Target("p99 < 50 ms", 50));
        table.add("graceful leave, N=100", at100.leave(), null, new Target("p99 < 50 ms", 50));
        table.add("crash detection, N=" + n + ": kill -9 → every peer removed it", ours.crashDetection(),
                theirs == null ? null : theirs.crashDetection(), new Target("p99 < nodeTimeout + 100 ms = 2100 ms", 2100));
        table.add("master failover after kill -9 → every peer agrees", ours.failoverAfterCrash(),
                theirs == null ? null : theirs.failoverAfterCrash(), new Target("p99 < masterTimeout + 200 ms = 2200 ms", 2200));
        table.add("master failover after graceful stop → every peer agrees", ours.failoverAfterStop(),
                theirs == null ? null : theirs.failoverAfterStop(), new Target("p99 < 100 ms", 100));
        return table;
    }

    private static List<ConvergenceScenario.Result> convergence(RunPlan plan) throws IOException, InterruptedException {
        List<ConvergenceScenario.Result> results = new ArrayList<>();
        for (int size : plan.convergenceSizes()) {
            results.add(convergenceRun(size, plan));
        }
        return results;
    }

    private static ConvergenceScenario.Result convergenceRun(int size, RunPlan plan) throws IOException, InterruptedException {
        Progress.say("ours: convergence of " + size + " nodes");
        ConvergenceScenario.Result result = ConvergenceScenario.run(size, CONVERGENCE_TIMEOUT, plan.steadyWindow());
        Progress.say("  " + (result.converged() ? String.format("converged in %.2f s", result.convergedNanos() / 1e9)
                : "not converged: " + result.state()));
        System.gc(); // the next size starts from a clean heap, not the garbage of this one
        return result;
    }

    private static void notes(Report report, SideBySide.Figures ours, SideBySide.Figures theirs) {
        int members = SideBySide.CLUSTER_SIZE - 1;
        report.note("N=" + SideBySide.CLUSTER_SIZE + " clusters are " + members + " long-lived members plus the node under "
                + "test; each implementation has its own cluster of its own nodes on a fresh port, with the same options.");
        report.note("Ours: the members are nodes in the harness JVM, timed by System.nanoTime() in their listeners; nodes "
                + "that must be killed run in child JVMs (kill -9 = SIGKILL). node-discover: every node is a peer.js "
                + "process, and its events are timed when their line arrives on the harness's pipe (adds well under a "
                + "millisecond of pipe latency). Its discovery is timed from its `started` line, printed after its first "
                + "hello went out; ours from just before start(), which includes binding the socket. The row \"first "
                + "hello out\" starts both clocks at the same point: ours when the socket's first send returned, "
                + "node-discover's at its `started` line.");
        report.note("Before each stop or kill the harness waits a random time within one hello interval, so that the "
                + "moment falls anywhere in the hello cycle.");
        report.note("Crash detection is timed on an ordinary node killed at the same instant as the master (one kill -9 "
                + "run gives both figures). Failover means: every member has removed the old master and knows the new one.");
        report.note("p99 is the nearest-rank percentile: with fewer than 100 runs it is the maximum, so it is a worst "
                + "case of that many runs, not a population p99.");
        if (ours.runsWithTwoPromotions() > 0 || theirs != null && theirs.runsWithTwoPromotions() > 0) {
            report.note("Runs where more than one member promoted itself after a master loss: ours "
                    + ours.runsWithTwoPromotions() + ", node-discover " + (theirs == null ? "–" : theirs.runsWithTwoPromotions()) + ".");
        }
    }
}
