package dev.discovery.bench;

/** Channel messaging figures for both implementations side by side. */
final class MessagingReport {

    private MessagingReport() {
    }

    static String render(MessagingScenario.Result ours, MessagingScenario.Result theirs) {
        MarkdownTable latency = new MarkdownTable("payload", "messages (ours / node-discover)", "ours p50 / p99 / max",
                "node-discover p50 / p99 / max", "ratio p50 · p99 (nd / ours)");
        latencyRow(latency, "small (`{\"seq\":n}`)", ours.smallLatency(), theirs == null ? null : theirs.smallLatency());
        latencyRow(latency, "1 KB", ours.largeLatency(), theirs == null ? null : theirs.largeLatency());
        MarkdownTable throughput = new MarkdownTable("payload", "ours", "node-discover", "ratio (ours / nd)");
        throughputRow(throughput, "small", ours.small(), theirs == null ? null : theirs.small());
        throughputRow(throughput, "1 KB", ours.large(), theirs == null ? null : theirs.large());
        return "Latency, one way through two pipes (messages paced " + MessagingScenario.PACE_MILLIS + " ms apart):\n\n"
                + latency.render() + "\nThroughput (a burst of send commands as fast as the pipe takes them):\n\n"
                + throughput.render();
    }

    private static void latencyRow(MarkdownTable table, String payload, Samples ours, Samples theirs) {
        String ratio = theirs == null || theirs.isEmpty() || ours.isEmpty() ? "–"
                : Comparison.times(theirs.p50() / ours.p50()) + " · " + Comparison.times(theirs.p99() / ours.p99());
        table.add(payload, ours.runs("lost") + " / " + (theirs == null ? "–" : theirs.runs("lost")), ours.describe(),
                theirs == null ? "not run" : theirs.describe(), ratio);
    }

    private static void throughputRow(MarkdownTable table, String payload, MessagingScenario.Throughput ours,
                                      MessagingScenario.Throughput theirs) {
        String ratio = theirs == null || theirs.perSecond() == 0 ? "–" : Comparison.times(ours.perSecond() / theirs.perSecond());
        table.add(payload, ours.describe(), theirs == null ? "not run" : theirs.describe(), ratio);
    }
}
