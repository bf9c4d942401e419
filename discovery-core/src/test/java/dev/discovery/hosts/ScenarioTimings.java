package dev.discovery.hosts;

import java.time.Duration;
import java.util.List;

/** The node timings of the multi-host scenarios, and the bounds on masterless time they imply. */
final class ScenarioTimings {

    static final Duration HELLO_INTERVAL = Duration.ofMillis(200);
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    static final Duration NODE_TIMEOUT = Duration.ofMillis(1500);
    /** NodeProcessMain leaves masterTimeout unset, and an unset masterTimeout is nodeTimeout. */
    static final Duration MASTER_TIMEOUT = NODE_TIMEOUT;

    /**
     * The longest the hosts may go without any master. The worst case the library promises: the master vanishes
     * without a goodbye, so the others notice only when its deadline passes, at most masterTimeout after its last
     * hello, and elect at once; a node that started less than a checkInterval ago holds its election back until its
     * first check. On top, 1 s of margin for the scheduling delays of a loaded 2-core machine, where 5 node JVMs (one
     * of them still starting, JIT-compiling and loading classes) and the build share the CPUs: the expiry timer, the
     * event thread that prints the line and the promotion's own timer may each run late.
     */
    static final Duration LONGEST_TOLERABLE_MASTERLESS_TIME = MASTER_TIMEOUT.plus(CHECK_INTERVAL).plusSeconds(1);

    /** How long a test waits for a state that should come within seconds: generous, for loaded CI machines. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private ScenarioTimings() {
    }

    /** The timing arguments of NodeProcessMain. */
    static List<String> nodeArguments() {
        return List.of(String.valueOf(HELLO_INTERVAL.toMillis()), String.valueOf(CHECK_INTERVAL.toMillis()),
                String.valueOf(NODE_TIMEOUT.toMillis()));
    }
}
