package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seeded fault schedules on the virtual network (see {@link Simulation} for the invariants). CI runs
 * {@value #DEFAULT_SEEDS} seeds of up to {@value #DEFAULT_MAX_HOSTS} hosts; a soak runs more:
 * <pre>./mvnw -B -pl discovery-core test -Dtest=SimulationTest -Dsim.seeds=5000 -Dsim.maxHosts=1000</pre>
 * ({@code -Dsim.firstSeed=N} starts elsewhere), and one seed replays exactly with {@code -Dsim.seed=N}.
 */
class SimulationTest {

    static final int DEFAULT_SEEDS = 300;
    static final int DEFAULT_MAX_HOSTS = 50;

    @Test
    void seededFaultSchedulesKeepEveryInvariant() {
        long first = Long.getLong("sim.seed", Long.getLong("sim.firstSeed", 1));
        int seeds = System.getProperty("sim.seed") != null ? 1 : Integer.getInteger("sim.seeds", DEFAULT_SEEDS);
        int maxHosts = Integer.getInteger("sim.maxHosts", DEFAULT_MAX_HOSTS);
        long faults = 0;
        long removals = 0;
        long checks = 0;
        long delivered = 0;
        long lost = 0;
        long reports = 0;
        long suspicionRemovals = 0;
        long crashesCaught = 0;
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (long seed = first; seed < first + seeds; seed++) {
            SimConfig config = ScheduleGenerator.config(seed, maxHosts);
            List<SimAction> schedule = ScheduleGenerator.schedule(seed, config);
            Simulation.Result result = Simulation.run(seed, config, schedule);
            faults += result.faults();
            removals += result.removals();
            checks += result.checks();
            delivered += result.delivered();
            lost += result.lost();
            reports += result.reports();
            suspicionRemovals += result.suspicionRemovals();
            crashesCaught += result.crashesCaught();
            if (result.failed()) {
                failures.add(report(seed, config, schedule, result));
                if (failures.size() >= 3) {
                    break;
                }
            }
        }
        System.out.printf("simulation: %d seeds, up to %d hosts, %d faults, %d removals, %d invariant checks, "
                        + "%d datagrams delivered, %d lost, %d unreachable reports, %d removals by suspicion, "
                        + "%d crashes caught by traffic, %d failing, %.1f s%n", seeds, maxHosts, faults, removals,
                checks, delivered, lost, reports, suspicionRemovals, crashesCaught, failures.size(),
                (System.nanoTime() - started) / 1e9);
        assertThat(failures).as("failing seeds").isEmpty();
        if (seeds >= DEFAULT_SEEDS) {
            assertThat(crashesCaught).as("crashes in calm weather that traffic reported (invariant 7)").isPositive();
        }
    }

    private static String report(long seed, SimConfig config, List<SimAction> schedule, Simulation.Result result) {
        final long seedFinal = seed;
        List<SimAction> shortest = Shrinker.shrink(schedule,
                candidate -> Simulation.run(seedFinal, config, candidate).failed(), 150);
        Simulation.Result shrunk = Simulation.run(seed, config, shortest);
        return "seed " + seed + " (" + config + ") failed: " + result.violations()
                + "\nreplay: ./mvnw -B -pl discovery-core test -Dtest=SimulationTest -Dsim.seed=" + seed
                + "\nshortest failing schedule (" + shortest.size() + " of " + schedule.size() + " steps):\n  "
                + shortest.stream().map(Object::toString).collect(Collectors.joining("\n  "))
                + "\nits violations: " + shrunk.violations();
    }
}
