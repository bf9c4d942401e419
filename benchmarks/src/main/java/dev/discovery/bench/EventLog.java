package dev.discovery.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every event of every node of a cluster, in the order the harness learned of them, Java and node-discover alike. A
 * scenario notes the log's size before it acts and then asks when each peer first saw the consequence.
 */
final class EventLog {

    private final List<Observed> entries = new ArrayList<>();

    synchronized void record(Observed event) {
        entries.add(event);
        notifyAll();
    }

    /** A mark: events recorded from now on have at least this index. */
    synchronized int mark() {
        return entries.size();
    }

    /**
     * When each observer first saw a matching event at or after {@code since}, waiting up to {@code timeout} for all of
     * them; observers that did not see one in time are absent from the result.
     */
    synchronized Map<String, Long> firstSeen(Collection<String> observers, int since, Predicate<Observed> match,
                                             Duration timeout) throws InterruptedException {
        Set<String> wanted = new HashSet<>(observers);
        Map<String, Long> found = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        int scanned = since;
        while (true) {
            for (; scanned < entries.size(); scanned++) {
                Observed event = entries.get(scanned);
                if (wanted.contains(event.observer()) && !found.containsKey(event.observer()) && match.test(event)) {
                    found.put(event.observer(), event.nanos());
                }
            }
            long left = deadline - System.nanoTime();
            if (found.size() == wanted.size() || left <= 0) {
                return found;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The first matching event at or after {@code since}, waiting up to {@code timeout}; null if none came. */
    synchronized Observed first(int since, Predicate<Observed> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int scanned = since;
        while (true) {
            for (; scanned < entries.size(); scanned++) {
                if (match.test(entries.get(scanned))) {
                    return entries.get(scanned);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The matching events at or after {@code since}, in order. */
    synchronized List<Observed> select(int since, Predicate<Observed> match) {
        List<Observed> selected = new ArrayList<>();
        for (int i = since; i < entries.size(); i++) {
            if (match.test(entries.get(i))) {
                selected.add(entries.get(i));
            }
        }
        return selected;
    }

    /** Whether a node is master by its own last promotion or demotion. */
    synchronized boolean isMaster(String node) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Observed event = entries.get(i);
            if (event.observer().equals(node) && event.subject().equals(node)) {
                if (event.kind() == Observed.Kind.PROMOTED) {
                    return true;
                }
                if (event.kind() == Observed.Kind.DEMOTED) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Latest time each observer saw a matching event (used to merge two conditions per observer). */
    static Map<String, Long> later(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> merged = new HashMap<>();
        for (Map.Entry<String, Long> entry : a.entrySet()) {
            Long other = b.get(entry.getKey());
            if (other != null) {
                merged.put(entry.getKey(), Math.max(entry.getValue(), other));
            }
        }
        return merged;
    }
}
