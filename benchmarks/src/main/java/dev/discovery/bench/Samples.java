package dev.discovery.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Durations measured over the runs of one scenario, and the runs that did not finish in time. */
final class Samples {

    private final List<Long> nanos = new ArrayList<>();
    private int failures;

    void add(long durationNanos) {
        nanos.add(durationNanos);
    }

    /** A run whose outcome never came within its timeout: it counts, as a failure, and is reported. */
    void fail() {
        failures++;
    }

    /**
     * Adds "seen by every peer": the latest of the times each peer first saw the event, from {@code t0}; a failure
     * unless all {@code expected} peers saw it.
     */
    void addLatest(Map<String, Long> seenAt, int expected, long t0) {
        if (seenAt.size() < expected) {
            fail();
            return;
        }
        add(Collections.max(seenAt.values()) - t0);
    }

    int count() {
        return nanos.size();
    }

    int failures() {
        return failures;
    }

    boolean isEmpty() {
        return nanos.isEmpty();
    }

    /** Nearest-rank percentile in milliseconds (p in 0..100); with fewer than 100 samples p99 is the maximum. */
    double percentileMillis(double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    double p50() {
        return percentileMillis(50);
    }

    double p99() {
        return percentileMillis(99);
    }

    double max() {
        return percentileMillis(100);
    }

    /** "p50 / p99 / max" in milliseconds, or why there is nothing. */
    String describe() {
        if (isEmpty()) {
            return failures > 0 ? "all " + failures + " runs timed out" : "not run";
        }
        return millis(p50()) + " / " + millis(p99()) + " / " + millis(max()) + " ms";
    }

    /** Runs, and timeouts if any. */
    String runs() {
        return runs("timed out");
    }

    /** Samples, and the failures under the given name (for messages: lost). */
    String runs(String failureName) {
        return failures == 0 ? Integer.toString(count()) : count() + " (+" + failures + " " + failureName + ")";
    }

    static String millis(double ms) {
        if (ms < 10) {
            return String.format("%.2f", ms);
        }
        if (ms < 100) {
            return String.format("%.1f", ms);
        }
        return String.format("%.0f", ms);
    }
}
