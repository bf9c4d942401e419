package dev.discovery.bench;

import java.time.Duration;
import java.util.List;

/**
 * How many runs each scenario gets. The full plan fits the whole benchmark in under 10 minutes on 2 cores; most of
 * that time is waiting for failure detectors (seconds per run), which is why the crash and failover counts are small.
 * The quick plan only checks that everything works.
 *
 * @param ours             run counts for this library
 * @param theirs           run counts for node-discover: as many discovery and leave runs as ours, since below 100 runs
 *                         p99 is the maximum, which grows with the count; fewer crash and failover runs (seconds each)
 * @param joinLeaveAt100   discovery and leave runs with 100 Java nodes
 * @param convergenceSizes cluster sizes for convergence, one run each, in order (a size may repeat)
 * @param floorSizes       socket counts for the control without discovery code
 * @param steadyWindow     how long CPU and traffic are measured at steady state
 * @param jmhIterations    JMH warmup and measurement iterations of 1 s each
 */
record RunPlan(Counts ours, Counts theirs, int joinLeaveAt100, List<Integer> convergenceSizes,
               List<Integer> floorSizes, Duration steadyWindow, int jmhIterations) {

    /** Runs per scenario for one implementation. */
    record Counts(int joinLeave, int crash, int graceful, int latencyMessages, int burstMessages) {
    }

    static final RunPlan FULL = new RunPlan(
            new Counts(30, 15, 30, 400, 5000),
            new Counts(30, 8, 8, 400, 5000),
            30, List.of(100, 100, 200, 200, 300, 500), List.of(200, 500), Duration.ofSeconds(5), 3);

    static final RunPlan QUICK = new RunPlan(
            new Counts(3, 1, 2, 20, 200),
            new Counts(2, 1, 1, 20, 200),
            2, List.of(100), List.of(100), Duration.ofSeconds(1), 1);
}
