package dev.discovery.hosts;

import dev.discovery.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When each node process considered itself master, merged into one timeline from the timestamped lines of several
 * processes (their clock is the machine's monotonic clock, so the lines of different JVMs compare). A process is
 * master from its {@code promoted} line to its {@code demoted} or {@code stopped} line; a process killed with -9
 * prints neither, so this is only for runs whose processes stop gracefully.
 */
final class MasterTimeline {

    private record Change(long nanos, NodeProcess process, boolean master) {
    }

    private final List<Change> changes = new ArrayList<>();

    MasterTimeline(Collection<NodeProcess> processes) {
        for (NodeProcess process : processes) {
            for (NodeProcess.Line line : process.timeline()) {
                switch (line.text()) {
                    case "promoted" -> changes.add(new Change(line.nanos(), process, true));
                    case "demoted", "stopped" -> changes.add(new Change(line.nanos(), process, false));
                    default -> { }
                }
            }
        }
        changes.sort(Comparator.comparingLong(Change::nanos));
    }

    /** The longest stretch between the two moments ({@link System#nanoTime()}) in which no process was master. */
    Duration longestTimeWithoutMaster(long fromNanos, long toNanos) {
        Set<NodeProcess> masters = new HashSet<>();
        long longest = 0;
        long masterlessSince = fromNanos;
        for (Change change : changes) {
            if (change.nanos() > toNanos) {
                break;
            }
            boolean hadMaster = !masters.isEmpty();
            if (change.master()) {
                masters.add(change.process());
            } else {
                masters.remove(change.process());
            }
            if (hadMaster && masters.isEmpty()) {
                masterlessSince = Math.max(change.nanos(), fromNanos);
            } else if (!hadMaster && !masters.isEmpty()) {
                longest = Math.max(longest, Math.max(0, change.nanos() - masterlessSince));
            }
        }
        if (masters.isEmpty()) {
            longest = Math.max(longest, toNanos - masterlessSince);
        }
        return Duration.ofNanos(longest);
    }
}
