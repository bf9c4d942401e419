package dev.discovery.bench;

/**
 * Channel messaging figures for both implementations side by side, with the targets: a median latency at most
 * node-discover's, and a delivered rate at least {@value #THROUGHPUT_TARGET} times node-discover's with nothing lost.
 */
final class MessagingReport {

    private static final double THROUGHPUT_TARGET = 2;

    private MessagingReport() {
    }

    static String render(MessagingScenario.Result ours, MessagingScenario.Result theirs) {
        MarkdownTable latency = new MarkdownTable("payload", "messages (ours / node-discover)", "ours p50 / p99 / max",
                "node-discover p50 / p99 / max", "ratio p50 · p99 (nd / ours)", "target: p50 ≤ nd");
        latencyRow(latency, "small (`{\"seq\":n}`)", ours.smallLatency(), theirs == null ? null : theirs.smallLatency());
        latencyRow(latency, "1 KB", ours.largeLatency(), theirs == null ? null : theirs.largeLatency());
        MarkdownTable throughput = new MarkdownTable("payload", "ours", "node-discover", "median delivered/s (ours / nd)",
                "target: ≥ ×2, none lost");
        throughputRow(throughput, "small", ours.small(), theirs == null ? null : theirs.small());
        throughputRow(throughput, "1 KB", ours.large(), theirs == null ? null : theirs.large());
        return "Latency, one way through two pipes (messages paced " + MessagingScenario.PACE_MILLIS + " ms apart):\n\n"
                + latency.render() + "\nThroughput (" + MessagingScenario.BURST_ROUNDS + " bursts of each size, each of send"
                + " commands as fast as the pipe takes them; delivered/s is the messages that arrived divided by the"
                + " whole burst, from the first command to the later of the sender's last acknowledgement and the last"
                + " arrival):\n\n"
                + throughput.render();
    }

    private static void latencyRow(MarkdownTable table, String payload, Samples ours, Samples theirs) {
        String ratio = theirs == null || theirs.isEmpty() || ours.isEmpty() ? "–"
                : Comparison.times(theirs.p50() / ours.p50()) + " · " + Comparison.times(theirs.p99() / ours.p99());
        String verdict = theirs == null || theirs.isEmpty() || ours.isEmpty() ? "–"
                : ours.failures() == 0 && ours.p50() <= theirs.p50() ? "met" : "**missed**";
        table.add(payload, ours.runs("lost") + " / " + (theirs == null ? "–" : theirs.runs("lost")), ours.describe(),
                theirs == null ? "not run" : theirs.describe(), ratio, verdict);
    }

    private static void throughputRow(MarkdownTable table, String payload, MessagingScenario.Bursts ours,
                                      MessagingScenario.Bursts theirs) {
        double theirRate = theirs == null ? 0 : theirs.median().deliveredPerSecond();
        double ourRate = ours.median().deliveredPerSecond();
        String ratio = theirRate == 0 ? "–" : Comparison.times(ourRate / theirRate);
        String verdict = theirRate == 0 ? "–"
                : ours.noneLost() && ourRate >= THROUGHPUT_TARGET * theirRate ? "met" : "**missed**";
        table.add(payload, ours.describe(), theirs == null ? "not run" : theirs.describe(), ratio, verdict);
    }
}
