package dev.discovery.bench;

import dev.discovery.DiscoveryEvent;
import dev.discovery.Node;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Follows the tables of N nodes through their events, incrementally (a 500-node start makes 250,000 of them), and
 * notes the moment the cluster has converged: every node knows all N-1 others, and every node holds the same single
 * master (the master itself included, by its own promotion). If the cluster later falls apart (a node timed out), the
 * moment is forgotten until it converges again.
 */
final class ConvergenceTracker {

    private final int size;
    private final String[] ids;
    private final int[] known;
    private final Set<String>[] masters;
    private final String[] soleMaster;
    private final Map<String, Integer> agreeing = new HashMap<>();
    private int complete;
    private long convergedAt = -1;
    private int timesLost;
    private long removals;

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

    synchronized void register(int node, String id) {
        ids[node] = id;
    }

    synchronized void onEvent(int node, DiscoveryEvent event) {
        long now = System.nanoTime();
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            known[node]++;
            if (known[node] == size - 1) {
                complete++;
            }
            setMaster(node, e.node().id(), e.node().master());
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            if (known[node] == size - 1) {
                complete--;
            }
            known[node]--;
            removals++;
            setMaster(node, e.node().id(), false);
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            setMaster(node, e.node().id(), true);
        } else if (event instanceof DiscoveryEvent.NodeUpdated e) {
            Node after = e.node();
            setMaster(node, after.id(), after.master());
        } else if (event instanceof DiscoveryEvent.Promoted) {
            setMaster(node, ids[node], true);
        } else if (event instanceof DiscoveryEvent.Demoted) {
            setMaster(node, ids[node], false);
        }
        boolean converged = complete == size && soleMaster[0] != null && agreeing.get(soleMaster[0]) == size;
        if (converged && convergedAt < 0) {
            convergedAt = now;
            notifyAll();
        } else if (!converged && convergedAt >= 0) {
            convergedAt = -1;
            timesLost++;
        }
    }

    private void setMaster(int node, String id, boolean master) {
        boolean changed = master ? masters[node].add(id) : masters[node].remove(id);
        if (!changed) {
            return;
        }
        String before = soleMaster[node];
        String after = masters[node].size() == 1 ? masters[node].iterator().next() : null;
        if (before != null) {
            agreeing.merge(before, -1, Integer::sum);
        }
        if (after != null) {
            agreeing.merge(after, 1, Integer::sum);
        }
        soleMaster[node] = after;
    }

    /** Waits until converged or the deadline; the moment of convergence by {@link System#nanoTime()}, or -1. */
    synchronized long awaitConverged(long deadlineNanos) throws InterruptedException {
        while (convergedAt < 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return convergedAt;
    }

    synchronized long convergedAt() {
        return convergedAt;
    }

    synchronized int timesLost() {
        return timesLost;
    }

    synchronized long removals() {
        return removals;
    }

    /** How far from converged: complete tables and the largest group agreeing on one master. */
    synchronized String state() {
        int agree = agreeing.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return complete + "/" + size + " complete tables, " + agree + "/" + size + " agree on one master";
    }
}
