package dev.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that must run on one node of the cluster: a scheduled report, a cleanup, a poller, a single consumer. It runs on
 * the <em>leader</em>, the first of the masters by the election's ranking (weight, then node id): with
 * {@code mastersRequired} 1 that is simply the master; with more, the other masters are hot standbys, and when the
 * leader is removed the next one takes over in the same instant, without waiting for an election.
 *
 * <pre>{@code
 * MasterWork work = new MasterWork(discovery);
 * work.register(new MasterLifecycle() {          // started on the leader only, stopped when it is no longer
 *     public void start() { poller.start(); }
 *     public void stop() { poller.stop(); }
 * });
 * timer.scheduleAtFixedRate(() -> work.runIfLeader(this::report), 0, 1, TimeUnit.MINUTES); // skipped elsewhere
 * }</pre>
 *
 * <p>Transitions follow the node's events, on its event thread, one at a time. On becoming leader the registered
 * lifecycles start in registration order, then master-only calls are let through. On losing it (an election, a
 * demote, a stop) calls are refused first, the transition waits for the calls still running to return, then the
 * lifecycles stop in reverse order; the node starts them again only after all of that. A node that is not the leader
 * skips a master-only call at the cost of reading one volatile field.
 *
 * <p>What no election without a shared lock can prevent: while a network partition lasts, each side has its own master
 * and so its own leader, and the work runs on both sides; a leader that crashes or is cut off is replaced after
 * {@code masterTimeout}, so the work pauses that long; and a leader that is frozen (a long GC pause) runs on for a
 * moment when it wakes, until it hears the others. Make such work idempotent, or guard what it writes.
 */
public final class MasterWork {

    private static final Logger log = LoggerFactory.getLogger(MasterWork.class);

    /** The election's ranking, first is best: heavier, then for equal weights the larger id. */
    private static final Comparator<Node> RANK = Comparator.comparingDouble(Node::weight).reversed()
            .thenComparing(Node::id, Comparator.reverseOrder());

    /** A piece of master-only work that may throw what its caller handles. */
    @FunctionalInterface
    public interface Work<E extends Throwable> {
        void run() throws E;
    }

    private final Membership discovery;
    /** Serialises transitions and registrations, and guards the two lists. */
    private final Object transitions = new Object();
    private final List<MasterLifecycle> lifecycles = new ArrayList<>();
    private final List<MasterLifecycle> started = new ArrayList<>();
    /** Master-only calls hold it shared; losing the lead takes it exclusively to wait for them. */
    private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();
    /** Whether this node leads; set before the lifecycles start, cleared before they stop. */
    private volatile boolean leader;
    /** Whether master-only calls may run: only while every lifecycle that could start has started. */
    private volatile boolean open;
    private final LongAdder runs = new LongAdder();
    private final LongAdder skips = new LongAdder();

    /** Leads by the UDP election ({@link Discovery}), or by a registry's leader election (another {@link Membership}). */
    public MasterWork(Membership discovery) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        discovery.addListener(event -> update());
        update();
    }

    /** Whether this node is the leader now: it runs master-only work. */
    public boolean isLeader() {
        return leader;
    }

    /** The leader as this node sees it: the first of the masters it knows, itself included. */
    public Optional<Node> leader() {
        return discovery.masters().stream().min(RANK);
    }

    /**
     * Runs {@code work} on the calling thread if this node is the leader, and otherwise skips it.
     *
     * @return whether it ran
     */
    public <E extends Throwable> boolean runIfLeader(Work<E> work) throws E {
        if (open && calls.readLock().tryLock()) {
            try {
                if (open) {
                    runs.increment();
                    work.run();
                    return true;
                }
            } finally {
                calls.readLock().unlock();
            }
        }
        skips.increment();
        return false;
    }

    /** How many master-only calls ran here. */
    public long runs() {
        return runs.sum();
    }

    /** How many master-only calls were skipped here because this node was not the leader. */
    public long skips() {
        return skips.sum();
    }

    /**
     * Adds a lifecycle that runs only on the leader, after those registered before it; when this node is the leader
     * already, it starts at once on the calling thread.
     */
    public void register(MasterLifecycle lifecycle) {
        Objects.requireNonNull(lifecycle, "lifecycle");
        synchronized (transitions) {
            lifecycles.add(lifecycle);
            if (leader) {
                start(lifecycle);
            }
        }
    }

    private boolean shouldLead() {
        if (!discovery.isRunning() || !discovery.isMaster()) {
            return false;
        }
        Node self = discovery.self();
        return discovery.nodes().stream().noneMatch(peer -> peer.master() && RANK.compare(peer, self) < 0);
    }

    private void update() {
        synchronized (transitions) {
            boolean lead = shouldLead();
            if (lead == leader) {
                return;
            }
            leader = lead;
            if (lead) {
                List.copyOf(lifecycles).forEach(this::start); // a start may register another
                open = true;
            } else {
                open = false;
                calls.writeLock().lock(); // returns once the calls that got in have finished
                calls.writeLock().unlock();
                for (int i = started.size() - 1; i >= 0; i--) {
                    stop(started.get(i));
                }
                started.clear();
            }
            log.info("This node ({}) {} the leader: master-only work {} here", discovery.id(),
                    lead ? "is now" : "is no longer", lead ? "runs" : "stopped");
        }
    }

    private void start(MasterLifecycle lifecycle) {
        try {
            lifecycle.start();
            started.add(lifecycle);
        } catch (RuntimeException e) {
            log.error("A master lifecycle failed to start; it stays stopped until this node leads again: {}",
                    lifecycle, e);
        }
    }

    private void stop(MasterLifecycle lifecycle) {
        try {
            lifecycle.stop();
        } catch (RuntimeException e) {
            log.error("A master lifecycle failed to stop: {}", lifecycle, e);
        }
    }
}
