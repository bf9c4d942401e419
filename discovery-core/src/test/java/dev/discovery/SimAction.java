package dev.discovery;

import java.util.List;
import java.util.Set;

/** One step of a simulation schedule, at a virtual time. Steps that do not apply when their time comes are skipped. */
sealed interface SimAction {

    long at();

    /** The process dies: no goodbye, its table is lost. */
    record Crash(long at, int host) implements SimAction { }

    /** A crashed host starts a new process (a new node id). */
    record Restart(long at, int host) implements SimAction { }

    /** A graceful stop, with goodbye. */
    record Leave(long at, int host) implements SimAction { }

    /** A stopped host starts its node again (same node id). */
    record Rejoin(long at, int host) implements SimAction { }

    record Partition(long at, List<Set<Integer>> sides) implements SimAction { }

    record Heal(long at) implements SimAction { }

    /** Loss, duplication and delay from now on; losses per link never run longer than the simulation's bound. */
    record Weather(long at, double loss, double duplication, long maxDelay) implements SimAction { }

    /** A stop-the-world pause of the whole host, as in a long GC. */
    record Pause(long at, int host, long millis) implements SimAction { }

    record ClockJump(long at, int host, long millis) implements SimAction { }

    record Promote(long at, int host) implements SimAction { }

    record Demote(long at, int host, boolean permanent) implements SimAction { }

    /** The host advertises service {@code svc-N}, ready or not. */
    record Advertise(long at, int host, int service, boolean ready) implements SimAction { }

    /** The seed name now resolves to these hosts, alive or not (none: it does not resolve). */
    record SeedsChange(long at, List<Integer> hosts) implements SimAction { }

    /** The faults stop: heal (unless the partition is kept), calm weather. The invariants are checked after it. */
    record Calm(long at, boolean keepPartition) implements SimAction { }
}
