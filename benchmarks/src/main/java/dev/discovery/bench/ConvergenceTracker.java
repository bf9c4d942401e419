package dev.discovery.bench;

import dev.discovery.DiscoveryEvent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Follows the tables of N nodes through their events, incrementally (a 500-node start makes 250,000 of them), and
 * notes the moment the cluster has converged: every node knows all N-1 others, and every node holds the same single
 * master (the master itself included, by its own promotion). If the cluster later falls apart (a node timed out), the
 * moment is forgotten until it converges again.
 *
 * <p>A node's events arrive in order on that node's own event thread, so each node's view is touched by one thread
 * only and needs no lock; only the cluster-wide counts are shared, and they are atomic. A single lock here would be
 * contended by hundreds of event threads at once and would slow down the very thing being measured.
 */
final class ConvergenceTracker {

    private final int size;
    private final String[] ids;
    private final int[] known;
    private final Set<String>[] masters;
    private final String[] soleMaster;
    private final AtomicInteger complete = new AtomicInteger();
    private final Map<String, AtomicInteger> agreeing = new ConcurrentHashMap<>();
    private final AtomicLong convergedAt = new AtomicLong(-1);
    private final AtomicInteger timesLost = new AtomicInteger();
    private final LongAdder removals = new LongAdder();

    @SuppressWarnings("unchecked")
    ConvergenceTracker(int size) {
        this.size = size;
        this.ids = new String[size];
        this.known = new int[size];
        this.masters = new Set[size];
        this.soleMaster = new String[size];
        for (int i = 0; i < size; i++) {
            masters[i] = new HashSet<>();
        }
    }

    /** Before the nodes start: their threads see it because starting a thread publishes what came before. */
    void register(int node, String id) {
        ids[node] = id;
    }

    /** Called on node {@code node}'s event thread. */
    void onEvent(int node, DiscoveryEvent event) {
        long now = System.nanoTime();
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            if (++known[node] == size - 1) {
                complete.incrementAndGet();
            }
            setMaster(node, e.node().id(), e.node().master());
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            if (known[node]-- == size - 1) {
                complete.decrementAndGet();
            }
            removals.increment();
            setMaster(node, e.node().id(), false);
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            setMaster(node, e.node().id(), true);
        } else if (event instanceof DiscoveryEvent.NodeUpdated e) {
            setMaster(node, e.node().id(), e.node().master());
        } else if (event instanceof DiscoveryEvent.Promoted) {
            setMaster(node, ids[node], true);
        } else if (event instanceof DiscoveryEvent.Demoted) {
            setMaster(node, ids[node], false);
        }
        String master = soleMaster[node];
        boolean converged = complete.get() == size && master != null && agreeing(master) == size;
        if (converged) {
            convergedAt.compareAndSet(-1, now);
        } else if (convergedAt.getAndSet(-1) >= 0) {
            timesLost.incrementAndGet();
        }
    }

    private int agreeing(String master) {
        AtomicInteger count = agreeing.get(master);
        return count == null ? 0 : count.get();
    }

    private void setMaster(int node, String id, boolean master) {
        boolean changed = master ? masters[node].add(id) : masters[node].remove(id);
        if (!changed) {
            return;
        }
        String before = soleMaster[node];
        String after = masters[node].size() == 1 ? masters[node].iterator().next() : null;
        if (before != null) {
            agreeing.get(before).decrementAndGet();
        }
        if (after != null) {
            agreeing.computeIfAbsent(after, k -> new AtomicInteger()).incrementAndGet();
        }
        soleMaster[node] = after;
    }

    /** Waits until converged or the deadline; the moment of convergence by {@link System#nanoTime()}, or -1. */
    long awaitConverged(long deadlineNanos) throws InterruptedException {
        while (convergedAt.get() < 0 && System.nanoTime() < deadlineNanos) {
            Thread.sleep(5); // the moment is stamped by the event that completed it, not by this poll
        }
        return convergedAt.get();
    }

    int timesLost() {
        return timesLost.get();
    }

    long removals() {
        return removals.sum();
    }

    /** How far from converged: complete tables and the largest group agreeing on one master. */
    String state() {
        int agree = agreeing.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
        return complete.get() + "/" + size + " complete tables, " + agree + "/" + size + " agree on one master";
    }
}
