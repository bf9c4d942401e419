package dev.discovery;

import dev.discovery.internal.engine.ListenerList;
import dev.discovery.spi.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that must run on one node of a group, the instances of one service: a scheduled report, a cleanup, a poller, a
 * single consumer. It runs on the group's <em>leader</em>. This is not the cluster-wide master of node-discover's model
 * ({@link Discovery#isMaster()}, {@code Promoted}/{@code Demoted}), which is chosen among every node on the port: the
 * leader is chosen among the members of the group (by default the master-eligible nodes; with
 * {@link #MasterWork(Discovery, Predicate)} those of one service) that have master-only work, so a node with none
 * never leads it.
 *
 * <pre>{@code
 * MasterWork work = new MasterWork(discovery, node -> "orders".equals(node.advertisementMap().get("name")));
 * work.register(new MasterLifecycle() {          // started on the leader only, stopped when it is no longer
 *     public void start() { poller.start(); }
 *     public void stop() { poller.stop(); }
 * });
 * timer.scheduleAtFixedRate(() -> work.runIfLeader(term -> report(term)), 0, 1, TimeUnit.MINUTES); // skipped elsewhere
 * }</pre>
 *
 * <p>How a lead is taken and kept, on the UDP engine:
 * <ul>
 *   <li>a node leads only once it has settled ({@link Discovery#isSettled()}) and, with a quorum
 *       ({@link DiscoveryOptions#quorumMinimumSize()}), while it holds one;</li>
 *   <li>a lead is kept while its holder can: a leader announces its lead in its hellos, and nobody else takes the lead
 *       while a leader is heard, nor until it has been silent for {@code takeoverTimeout} (with a quorum, silent while
 *       this node held its quorum: one silent since this node was cut off may have led the majority all along; a
 *       leader that says goodbye is replaced at once); then the first of the candidates by the election's ranking
 *       (weight, then id) takes it;</li>
 *   <li>each lead has a term, one more than the highest this node has heard; nodes announce the highest they have
 *       seen, so terms only ever grow. When two leads meet (after a partition heals), the older term steps down, and
 *       on equal terms the lower-ranked node; the one that stays takes a new term;</li>
 *   <li>with a quorum, a leader that stops hearing its quorum stops its work when its quorum lapses, nodeTimeout after
 *       it last heard enough members, and the others wait takeoverTimeout (longer, enforced at startup) before one
 *       takes over: the minority's leader has stopped before the majority's starts.</li>
 * </ul>
 * On another {@link Membership} (a registry's leader election) the leader is the first of its masters, and the term is
 * 0: such a lock gives no fencing token.
 *
 * <p>Transitions follow the node's events, on its event thread, one at a time. On becoming leader the registered
 * lifecycles start in registration order, then master-only calls are let through. On losing it calls are refused first,
 * the transition waits for the calls still running to return, then the lifecycles stop in reverse order. A node that is
 * not the leader skips a master-only call at the cost of reading one volatile field.
 *
 * <p>What needs a quorum to be prevented: without one, while a network partition lasts each side has its own leader
 * and the work runs on both sides (with the same term possible, so a fencing store cannot tell them apart); a leader
 * that is frozen (a long GC pause) runs on for a moment when it wakes. A leader that crashes is replaced after
 * {@code takeoverTimeout}. Make such work idempotent, or pass {@link #term()} to what it writes so that a store can
 * refuse writes of an older term.
 */
public final class MasterWork {

    private static final Logger log = LoggerFactory.getLogger(MasterWork.class);

    /** The election's ranking, first is best: heavier, then for equal weights the larger id. */
    static final Comparator<Node> RANK = Comparator.comparingDouble(Node::weight).reversed()
            .thenComparing(Node::id, Comparator.reverseOrder());

    /** A piece of master-only work that may throw what its caller handles. */
    @FunctionalInterface
    public interface Work<E extends Throwable> {
        void run() throws E;
    }

    /** A piece of master-only work that is handed the term of the lead it runs in, to fence what it writes. */
    @FunctionalInterface
    public interface TermWork<E extends Throwable> {
        void run(long term) throws E;
    }

    private final Membership membership;
    /** The group on the UDP engine; null on another membership, where the masters lead. */
    private final @Nullable GroupView group;
    /** Serialises transitions and registrations, and guards the two lists. */
    private final Object transitions = new Object();
    private final List<MasterLifecycle> lifecycles = new ArrayList<>();
    private final List<MasterLifecycle> started = new ArrayList<>();
    private final ListenerList<Consumer<LeadEvent>, LeadEvent> listeners =
            new ListenerList<>("A lead listener", Consumer::accept);
    /** Master-only calls hold it shared; losing the lead takes it exclusively to wait for them. */
    private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();
    /** Whether this node leads; set before the lifecycles start, cleared before they stop. */
    private volatile boolean leader;
    /** Whether master-only calls may run: only while every lifecycle that could start has started. */
    private volatile boolean open;
    /** The term of the lead held, 0 when none. */
    private volatile long term;
    /** Until when the lead holds without a fresh look at the group (monotonic ms): the quorum's lease. */
    private volatile long leaseUntil = Long.MAX_VALUE;
    /** With a quorum, the term this node has claimed and not yet taken up (0: none), and since when. */
    private long claimTerm;
    private long claimSince;
    /** Whether this node has master-only work: only then may it lead. */
    private volatile boolean candidate;
    /** Until when this node stands aside after {@link #yieldLead()} (monotonic ms). */
    private volatile long yieldUntil = Long.MIN_VALUE;
    private volatile GroupView.Snapshot view = GroupView.Snapshot.NONE;
    private @Nullable Boolean quorum; // as last reported; under transitions
    private final LongAdder runs = new LongAdder();
    private final LongAdder skips = new LongAdder();

    /**
     * Leads among the master-eligible nodes on the UDP election ({@link Discovery}), or by a registry's leader election
     * (another {@link Membership}).
     */
    public MasterWork(Membership membership) {
        this(membership, membership instanceof Discovery discovery ? group(discovery, Node::masterEligible) : null);
    }

    /**
     * Leads among the nodes that pass {@code group} (this one included when it passes), as {@link Ownership} shares
     * keys. The filter must depend only on the node's announced data (eligibility, advertisement), so that every node
     * decides alike; a node that fails it never leads.
     */
    public MasterWork(Discovery discovery, Predicate<Node> group) {
        this(discovery, group(discovery, group));
    }

    private MasterWork(Membership membership, @Nullable Function<Runnable, GroupView> group) {
        this.membership = Objects.requireNonNull(membership, "membership");
        this.group = group != null ? group.apply(() -> update(null)) : null;
        this.candidate = this.group == null;
        membership.addListener(this::update);
        update(null);
    }

    private static Function<Runnable, GroupView> group(Discovery discovery, Predicate<Node> filter) {
        Objects.requireNonNull(filter, "group");
        return onChange -> new GroupView(discovery, filter, onChange);
    }

    /** Whether this node is the leader now: it runs master-only work. */
    public boolean isLeader() {
        return leader && membership.isRunning() && (leaseUntil == Long.MAX_VALUE || clock().millis() < leaseUntil);
    }

    /**
     * The term of the lead this node holds, 0 when it leads nothing. Terms only ever grow: a new lead takes one more than
     * the highest term its node has heard. Pass it to what the work writes and let the store refuse an older one:
     * {@code UPDATE report SET ..., term = ? WHERE id = ? AND term <= ?}.
     */
    public long term() {
        return isLeader() ? term : 0;
    }

    /** The leader as this node sees it: itself, a member that announces its lead, or (on a registry) the first master. */
    public Optional<Node> leader() {
        if (group == null) {
            return membership.masters().stream().min(RANK);
        }
        if (leader) {
            return Optional.of(membership.self());
        }
        return view.members().values().stream().map(GroupView.Member::node)
                .filter(node -> node.coordination().leads())
                .min(Comparator.comparingLong((Node node) -> node.coordination().leadTerm()).reversed().thenComparing(RANK));
    }

    /** Whether this node holds its quorum (always true without one): without it, it leads nothing. */
    public boolean hasQuorum() {
        return group == null || view.quorum();
    }

    /**
     * Declares that this node has master-only work, so that it may lead; {@link #register} and {@link #runIfLeader}
     * declare it too. A node that never does is never chosen, and other candidates lead instead.
     */
    public void offerToLead() {
        if (!candidate) {
            candidate = true;
            membership.scheduler().deliver(() -> update(null));
        }
    }

    /**
     * Steps down if this node leads, and stands aside for {@code takeoverTimeout} so that another candidate takes the
     * lead (Spring Integration's {@code yield()}). On another membership it does nothing: yield through its own
     * leader election.
     */
    public void yieldLead() {
        if (!(membership instanceof Discovery discovery)) {
            return;
        }
        long aside = discovery.options().takeoverTimeout().toMillis();
        yieldUntil = clock().millis() + aside;
        clock().deliver(() -> update(null));
        clock().schedule(aside, () -> clock().deliver(() -> update(null)));
    }

    /**
     * Runs {@code work} on the calling thread if this node is the leader, and otherwise skips it.
     *
     * @return whether it ran
     */
    public <E extends Throwable> boolean runIfLeader(Work<E> work) throws E {
        return runIfLeader((TermWork<E>) term -> work.run());
    }

    /**
     * Runs {@code work} with the lead's term on the calling thread if this node is the leader, and otherwise skips it.
     *
     * @return whether it ran
     */
    public <E extends Throwable> boolean runIfLeader(TermWork<E> work) throws E {
        offerToLead();
        if (open && calls.readLock().tryLock()) {
            try {
                if (open && isLeader()) {
                    runs.increment();
                    work.run(term);
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
     * Tells {@code listener} when this node takes or loses the lead, with its term, and when it gains or loses its
     * quorum; on the node's event thread, in order.
     */
    public void addListener(Consumer<LeadEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public boolean removeListener(Consumer<LeadEvent> listener) {
        return listeners.remove(listener);
    }

    /**
     * Adds a lifecycle that runs only on the leader, after those registered before it; when this node is the leader
     * already, it starts at once on the calling thread. Unless it says it is not work ({@link MasterLifecycle#isWork()}),
     * this node offers to lead from now on.
     */
    public void register(MasterLifecycle lifecycle) {
        Objects.requireNonNull(lifecycle, "lifecycle");
        synchronized (transitions) {
            lifecycles.add(lifecycle);
            if (leader) {
                start(lifecycle);
            }
        }
        if (lifecycle.isWork()) {
            offerToLead();
        }
    }

    private Scheduler clock() {
        return membership.scheduler();
    }

    /** The term to lead in from now on: the one held, a new one, or 0 to lead nothing. Under transitions. */
    private long decide(GroupView.Snapshot snapshot) {
        if (!standing() || !snapshot.ready()) {
            return 0;
        }
        Node self = membership.self();
        if (!group.member(self)) {
            return 0;
        }
        List<Node> others = snapshot.members().values().stream().map(GroupView.Member::node).toList();
        Discovery discovery = (Discovery) membership;
        long held = leader ? term : claimTerm;
        if (held > 0) {
            boolean tie = false;
            for (Node other : others) {
                Coordination them = other.coordination();
                if (them.leads()) {
                    int order = Long.compare(them.leadTerm(), held);
                    if (order > 0 || order == 0 && RANK.compare(other, self) < 0) {
                        return 0; // a newer lead or claim, or an equal one that outranks this node: step down
                    }
                    tie |= order == 0;
                }
            }
            // Two leads met and this one stays: a new term, so that a store fences writes of the other.
            return tie && leader ? discovery.highestTerm() + 1 : held;
        }
        for (Node other : others) {
            Coordination them = other.coordination();
            if (them.leads() || them.leadCandidate() && RANK.compare(other, self) < 0) {
                return 0; // someone leads, or a better candidate will
            }
        }
        return discovery.highestTerm() + 1;
    }

    /**
     * Whether a new lead may start. Without a quorum at once; with one, only after its claim has been announced for
     * one and a half hello intervals without meeting a better one: two candidates whose views differed for a moment
     * (a lost hello at startup or after a heal) hear each other's claims before either runs the work; and only once
     * {@code quorumMinimumSize - 1} members announce a highest term at least as high as the claim's: then any later
     * quorum holds a node that knows this term (unless all such nodes restarted), so the next lead takes a higher one
     * (a claimant cut off during its claim, on members' last hellos, would otherwise lead a term nobody else knew).
     */
    private boolean claimed(long next, Discovery discovery, GroupView.Snapshot snapshot) {
        if (!discovery.options().quorum()) {
            return true;
        }
        long now = clock().millis();
        if (claimTerm != next) {
            claimTerm = next;
            claimSince = now;
        }
        long wait = group.handover();
        long known = snapshot.members().values().stream()
                .filter(member -> member.node().coordination().highestTerm() >= next).count();
        if (now - claimSince >= wait && known >= discovery.options().quorumMinimumSize() - 1) {
            claimTerm = 0;
            return true;
        }
        if (now - claimSince < wait) { // the members' hellos that announce the term look again themselves
            clock().schedule(claimSince + wait - now, () -> clock().deliver(() -> update(null)));
        }
        return false;
    }

    /** Whether this node offers to lead now: it has master-only work and has not just yielded. */
    private boolean standing() {
        return candidate && clock().millis() >= yieldUntil;
    }

    private boolean shouldLeadByMasters() {
        if (!membership.isRunning() || !membership.isMaster()) {
            return false;
        }
        Node self = membership.self();
        return membership.nodes().stream().noneMatch(peer -> peer.master() && RANK.compare(peer, self) < 0);
    }

    private void update(@Nullable DiscoveryEvent event) {
        List<LeadEvent> events = new ArrayList<>();
        synchronized (transitions) {
            if (group == null) {
                transition(shouldLeadByMasters(), 0, Long.MAX_VALUE, events);
            } else {
                GroupView.Snapshot snapshot = group.refresh(event);
                view = snapshot;
                reportQuorum(snapshot, events);
                long next = decide(snapshot);
                Discovery discovery = (Discovery) membership;
                // The others hear of a lead before its work starts, and of its end only after its work has stopped.
                if (next == 0) {
                    claimTerm = 0;
                    transition(false, 0, Long.MIN_VALUE, events);
                    discovery.lead(standing(), 0);
                } else if (leader || claimed(next, discovery, snapshot)) {
                    discovery.lead(standing(), next);
                    transition(true, next, snapshot.leaseUntil(), events);
                } else {
                    discovery.lead(standing(), next); // the claim: the others defer to it, or it to theirs
                }
            }
        }
        events.forEach(listeners::callAll);
    }

    /** Starts or stops the work. Under transitions. */
    private void transition(boolean lead, long nextTerm, long lease, List<LeadEvent> events) {
        leaseUntil = lease;
        if (lead == leader) {
            if (lead && nextTerm != term) {
                term = nextTerm;
                events.add(new LeadEvent.LeadTaken(membership.id(), nextTerm));
                log.info("This node ({}) leads on in a new term, {}, after meeting another lead", membership.id(),
                        nextTerm);
            }
            return;
        }
        leader = lead;
        if (lead) {
            term = nextTerm;
            List.copyOf(lifecycles).forEach(this::start); // a start may register another
            open = true;
            events.add(new LeadEvent.LeadTaken(membership.id(), nextTerm));
        } else {
            open = false;
            calls.writeLock().lock(); // returns once the calls that got in have finished
            calls.writeLock().unlock();
            for (int i = started.size() - 1; i >= 0; i--) {
                stop(started.get(i));
            }
            started.clear();
            events.add(new LeadEvent.LeadLost(membership.id(), term));
        }
        log.info("This node ({}) {} the leader{}: master-only work {} here", membership.id(),
                lead ? "is now" : "is no longer", group == null ? "" : " (term " + term + ")",
                lead ? "runs" : "stopped");
    }

    /** A log line and an event per change of the quorum, not per look. Under transitions. */
    private void reportQuorum(GroupView.Snapshot snapshot, List<LeadEvent> events) {
        int minimum = ((Discovery) membership).options().quorumMinimumSize();
        if (minimum == 0 || !membership.isRunning()) {
            quorum = null;
            return;
        }
        boolean now = snapshot.quorum();
        if (quorum != null && quorum == now) {
            return;
        }
        if (quorum != null) { // not at the first look after a start, when nobody has been heard yet
            if (now) {
                log.info("This node ({}) has its quorum: it hears {} members of its group, {} needed",
                        membership.id(), snapshot.heard(), minimum);
            } else {
                log.warn("This node ({}) has lost its quorum: it hears {} members of its group, {} needed; it leads "
                        + "nothing and owns no key until it hears enough again", membership.id(), snapshot.heard(),
                        minimum);
            }
        }
        quorum = now;
        events.add(new LeadEvent.QuorumChanged(membership.id(), now, snapshot.heard(), minimum));
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
