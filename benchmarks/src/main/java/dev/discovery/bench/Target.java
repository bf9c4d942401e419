package dev.discovery.bench;

/**
 * A target from the issue: the p99 of a duration must stay under a limit. Met only when there are samples, no run
 * timed out and the p99 is under the limit.
 */
record Target(String text, double p99LimitMillis) {

    String verdict(Samples ours) {
        if (ours.isEmpty()) {
            return "not measured";
        }
        if (ours.failures() > 0) {
            return "**missed** (" + ours.failures() + " runs timed out)";
        }
        double p99 = ours.p99();
        return p99 < p99LimitMillis ? "met" : "**missed** (p99 " + Samples.millis(p99) + " ms)";
    }
}
