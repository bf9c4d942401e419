package dev.discovery.bench;

/**
 * The main table: each scenario with our figures, node-discover's, the ratio and the target. The ratio is
 * node-discover's figure divided by ours, at p50 and at p99: above 1 we are faster.
 */
final class Comparison {

    private final MarkdownTable table = new MarkdownTable("scenario", "runs (ours / node-discover)",
            "ours p50 / p99 / max", "node-discover p50 / p99 / max", "ratio p50 · p99 (nd / ours)", "target",
            "met?");

    void add(String scenario, Samples ours, Samples theirs, Target target) {
        table.add(scenario,
                ours.runs() + " / " + (theirs == null ? "–" : theirs.runs()),
                ours.describe(),
                theirs == null ? "not comparable" : theirs.describe(),
                ratio(ours, theirs),
                target == null ? "–" : target.text(),
                target == null ? "–" : target.verdict(ours));
    }

    private static String ratio(Samples ours, Samples theirs) {
        if (theirs == null || theirs.isEmpty() || ours.isEmpty()) {
            return "–";
        }
        return times(theirs.p50() / ours.p50()) + " · " + times(theirs.p99() / ours.p99());
    }

    static String times(double ratio) {
        return ratio >= 10 ? String.format("×%.0f", ratio) : String.format("×%.1f", ratio);
    }

    String render() {
        return table.render();
    }
}
