package dev.discovery;

import dev.discovery.internal.engine.ListenerList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Spreads keys (tenants, shards, queues, anything named by a string) over the live nodes, each key owned by exactly one
 * of them, with no coordination: every node computes {@link #owner(String)} from its own table by rendezvous hashing,
 * so nodes that see the same nodes give the same answer. When a node joins or leaves, only the keys it takes or held
 * move; every other key stays where it was.
 *
 * <pre>{@code
 * Ownership ownership = new Ownership(discovery);
 * // every minute on every node: each tenant is synced by exactly one of them
 * for (String tenant : ownership.owned(tenants)) sync(tenant);
 * ownership.addListener(change -> tenants.stream().filter(change::lost).forEach(this::release));
 * }</pre>
 *
 * <p>The candidates are this node and the peers in its table that pass a filter: by default those that are master
 * eligible, so {@code masterEligible(false)} (or {@code demote(true)}) keeps a node out; a filter such as "advertises
 * service orders" spreads the keys over the instances of one service. A node that is not running owns nothing.
 *
 * <p>When keys move: a node takes keys only once it has settled ({@link Discovery#isSettled()}, a settle time after
 * its start), and the others hand keys over to it only when its hellos say it has, so a new node never owns a key that
 * another still runs. A node that says goodbye hands its keys over at once; one that falls silent keeps them, unrun,
 * until it has been silent for {@code takeoverTimeout}.
 *
 * <p>With a quorum ({@link DiscoveryOptions#quorumMinimumSize()}) a node owns nothing while it hears fewer members of
 * the group than that within nodeTimeout, and takes keys again only nodeTimeout and half a hello interval after it has
 * regained them (a side it no longer hears may still count the members that came back until then); since
 * takeoverTimeout is longer than nodeTimeout + helloInterval, the keys of a cut-off minority have lost their owners
 * before the majority takes them. Without a quorum, while a network partition lasts each side shares all keys among
 * its own nodes, so a key has an owner on each side; when it heals the owners agree again as soon as they hear each
 * other (a node only gives keys up when others join).
 */
public final class Ownership {

    private final Discovery discovery;
    private final Predicate<Node> candidate;
    private final GroupView group;
    private final ListenerList<Consumer<OwnershipChanged>, OwnershipChanged> listeners =
            new ListenerList<>("An ownership listener", Consumer::accept);
    private final Object lock = new Object();
    private volatile Owners owners = Owners.NONE; // replaced under lock

    /** Keys shared among this node and its master-eligible peers. */
    public Ownership(Discovery discovery) {
        this(discovery, Node::masterEligible);
    }

    /**
     * Keys shared among the nodes that pass {@code candidate}, this one included when it passes. The filter must depend
     * only on the node's announced data (eligibility, advertisement), so that every node decides alike.
     */
    public Ownership(Discovery discovery, Predicate<Node> candidate) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.group = new GroupView(discovery, candidate, () -> update(null));
        discovery.addListener(this::update);
        update(null);
    }

    /** The node that owns the key: this node or a live peer. Empty when there is no candidate, or this node is stopped. */
    public Optional<Node> owner(String key) {
        Owners current = current();
        return Optional.ofNullable(current.hash().owner(key)).map(current.nodes()::get);
    }

    /** Whether this node owns the key. */
    public boolean owns(String key) {
        Owners current = current();
        return current.holds(group) && discovery.id().equals(current.hash().owner(key));
    }

    /** The keys of {@code keys} this node owns, in their order. */
    public List<String> owned(Collection<String> keys) {
        Owners current = current();
        RendezvousHash hash = current.hash();
        String self = discovery.id();
        List<String> mine = new ArrayList<>();
        if (!current.holds(group)) {
            return mine;
        }
        for (String key : keys) {
            if (self.equals(hash.owner(key))) {
                mine.add(key);
            }
        }
        return mine;
    }

    /** Runs {@code action} for each key of {@code keys} this node owns, in their order: a per-key job, once per tick. */
    public void forEachOwned(Collection<String> keys, Consumer<String> action) {
        owned(keys).forEach(action);
    }

    /** The nodes that share the keys now, this one included when it is a candidate, in id order. */
    public List<Node> owners() {
        return List.copyOf(current().nodes().values());
    }

    /**
     * Tells {@code listener} whenever the set of candidates changes while this node is one of them, before or after:
     * that is when the keys this node owns change. Delivered on the node's event thread, after the node event that
     * caused it.
     */
    public void addListener(Consumer<OwnershipChanged> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public boolean removeListener(Consumer<OwnershipChanged> listener) {
        return listeners.remove(listener);
    }

    /**
     * The candidates as last computed; computed again when the node started or stopped since, because a stop clears
     * the table without events.
     */
    private Owners current() {
        Owners current = owners;
        return current.running() == discovery.isRunning() ? current : update(null);
    }

    private Owners update(@Nullable DiscoveryEvent event) {
        OwnershipChanged change = null;
        Owners next;
        synchronized (lock) {
            next = Owners.of(discovery, group.refresh(event), candidate, group);
            Owners previous = owners;
            owners = next;
            String self = discovery.id();
            if (!previous.hash().ids().equals(next.hash().ids())
                    && (previous.nodes().containsKey(self) || next.nodes().containsKey(self))) {
                change = new OwnershipChanged(self, previous.hash().ids(), next.hash().ids());
            }
        }
        if (change != null) {
            OwnershipChanged changed = change;
            discovery.scheduler().deliver(() -> listeners.callAll(changed));
        }
        return next;
    }

    /**
     * The candidates at one moment, by id: this node while it is ready, and the members that have settled (a silent
     * one until it is taken over). {@code view} tells until when this node's part holds.
     */
    private record Owners(boolean running, RendezvousHash hash, Map<String, Node> nodes, GroupView.Snapshot view) {

        static final Owners NONE = new Owners(false, new RendezvousHash(List.of()), Map.of(), GroupView.Snapshot.NONE);

        static Owners of(Discovery discovery, GroupView.Snapshot view, Predicate<Node> candidate, GroupView group) {
            if (!discovery.isRunning()) {
                return NONE;
            }
            TreeMap<String, Node> nodes = new TreeMap<>();
            Node self = discovery.self();
            if (!discovery.options().client() && view.ready() && candidate.test(self)) {
                nodes.put(self.id(), self);
            }
            for (GroupView.Member member : view.members().values()) {
                if (group.settled(member)) {
                    nodes.put(member.node().id(), member.node());
                }
            }
            return new Owners(true, new RendezvousHash(List.copyOf(nodes.keySet())), nodes, view);
        }

        /** Whether this node's own keys still stand: it was ready when they were computed, and its lease holds. */
        boolean holds(GroupView group) {
            return group.holds(view);
        }
    }
}
