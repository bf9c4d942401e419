package dev.discovery;

import dev.discovery.internal.engine.Engine;
import dev.discovery.internal.wire.Probe;
import dev.discovery.internal.engine.SystemScheduler;
import dev.discovery.internal.net.SystemNameResolver;
import dev.discovery.internal.net.UdpTransport;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.spi.NameResolver;
import dev.discovery.spi.Scheduler;
import dev.discovery.spi.Transport;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One discovery node: it announces itself over UDP, keeps a live table of the other nodes, takes part in the master
 * election and carries messages on named channels. It speaks node-discover's wire format, so Node.js services using
 * node-discover are peers too.
 *
 * <pre>{@code
 * Discovery discovery = new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255").build());
 * discovery.addListener(event -> System.out.println(event));
 * discovery.join("chat", message -> System.out.println(message.payload()));
 * discovery.start();
 * discovery.send("chat", Map.of("text", "hello"));
 * }</pre>
 *
 * <p>Every method is thread-safe and may be called before {@link #start()}: what it sets takes effect when the node
 * runs. Events reach listeners in order on one thread of this node, outside any lock.
 */
public final class Discovery implements Membership, AutoCloseable {

    /** node-discover's {@code pid}: one random id per JVM. */
    static final String PROCESS_ID = UUID.randomUUID().toString();

    /**
     * Names that are not channels: node-discover's own events (a peer would mistake a message on them for its own
     * events; one named {@code error} crashes a Node.js peer) and our control messages.
     */
    public static final Set<String> RESERVED_NAMES = Set.of("promotion", "demotion", "added", "removed", "master",
            "hello", "error", "helloReceived", "helloEmitted", "started", "stopped", "check", Envelope.GOODBYE,
            Envelope.PROBE, Envelope.PEERS, Probe.PING, Probe.ALIVE, Probe.CHECK, Probe.SUSPECT);

    /**
     * The longest channel name, in {@code String.length()} units: receivers drop a datagram whose channel (or host
     * name) is longer, so {@link #join} and {@link #send} refuse such a name instead of losing its messages.
     */
    public static final int MAX_NAME_LENGTH = Envelope.MAX_NAME_CHARS;

    private final DiscoveryOptions options;
    private final Engine engine;

    /** A node on real UDP sockets, as the options say. */
    public Discovery(DiscoveryOptions options) {
        this(options, new UdpTransport(options), null);
    }

    /**
     * A node on a transport and scheduler of your choice: for example an in-memory network and a virtual clock
     * ({@code dev.discovery.testing}) to test a whole cluster deterministically.
     */
    public Discovery(DiscoveryOptions options, Transport transport, Scheduler scheduler) {
        this(options, transport, scheduler, new SystemNameResolver());
    }

    /**
     * A node on a transport and scheduler of your choice that looks the DNS names of its seeds up with
     * {@code resolver}: for example {@code dev.discovery.testing.InMemoryDns}, whose answers a test changes at will.
     */
    public Discovery(DiscoveryOptions options, Transport transport, Scheduler scheduler, NameResolver resolver) {
        this(options, transport, scheduler, resolver, UUID.randomUUID().toString());
    }

    Discovery(DiscoveryOptions options, Transport transport, Scheduler scheduler, String id) {
        this(options, transport, scheduler, new SystemNameResolver(), id);
    }

    Discovery(DiscoveryOptions options, Transport transport, Scheduler scheduler, NameResolver resolver, String id) {
        this.options = Objects.requireNonNull(options, "options");
        Scheduler actual = scheduler != null ? scheduler : new SystemScheduler(id.substring(0, Math.min(8, id.length())));
        this.engine = new Engine(options, Objects.requireNonNull(transport, "transport"), actual,
                Objects.requireNonNull(resolver, "resolver"), id, PROCESS_ID);
    }

    /**
     * Binds the socket, says hello and starts taking part. Idempotent; a stopped node may start again.
     *
     * @throws DiscoveryException when the socket cannot be bound, naming the address and port
     */
    public void start() {
        try {
            engine.start();
        } catch (IOException e) {
            throw new DiscoveryException(e.getMessage(), e);
        }
    }

    /**
     * Says goodbye (peers remove this node at once), stops every timer and thread and closes the socket. Idempotent;
     * after it returns nothing more is sent and no thread of the node is left (unless it is called from one of the
     * node's own threads, a listener for instance: that thread ends when it returns). It also releases what a failed
     * node still holds. A master that stops is demoted and told so by a {@code Demoted} event.
     */
    public void stop() {
        engine.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the node takes part: started, not stopped, and not failed. */
    public boolean isRunning() {
        return engine.isRunning();
    }

    /**
     * Why this node stopped taking part on its own, if it did: a path it needs died (its receive thread, a timer), so
     * it said goodbye and stopped saying hello rather than stay in the cluster deaf or mute. A
     * {@link DiscoveryEvent.Failed} event tells listeners when it happens. Cleared by {@link #stop()}, which releases
     * the socket and threads the node still holds, and by {@link #start()}.
     */
    public Optional<Throwable> failure() {
        return engine.failure();
    }

    /** This node's id, as peers see it. */
    public String id() {
        return engine.id();
    }

    public DiscoveryOptions options() {
        return options;
    }

    /** A snapshot of this node. */
    public Node self() {
        return engine.self();
    }

    /** A snapshot of every other node currently alive, in the order they were first heard. */
    public List<Node> nodes() {
        return engine.nodes();
    }

    /** The node with this id, if it is alive. */
    public Optional<Node> node(String id) {
        return nodes().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** Every master this node knows, itself first when it is one. */
    public List<Node> masters() {
        return engine.masters();
    }

    public boolean isMaster() {
        return engine.isMaster();
    }

    /**
     * Whether this node has heard the cluster since it started ({@link DiscoveryOptions#settleTime()}): until then it
     * owns no key and leads no master-only work.
     */
    public boolean isSettled() {
        return engine.isSettled();
    }

    /** The highest lead term this node has heard or taken. */
    long highestTerm() {
        return engine.highestTerm();
    }

    /** Announces the local master-only work: whether it may lead, and the term it leads in (0: none). */
    void lead(boolean candidate, long term) {
        engine.lead(candidate, term);
    }

    /**
     * Makes this node master now (and eligible again) and tells the others at once. The election may later step it
     * down if more masters than required outrank it.
     *
     * @return false in client mode, where a node is never master
     */
    public boolean promote() {
        return engine.promote();
    }

    /**
     * Steps down now and tells the others at once.
     *
     * @param permanent also stop being eligible, so the election never promotes this node again (until
     *                  {@link #promote()})
     */
    public void demote(boolean permanent) {
        engine.demote(permanent);
    }

    /**
     * Sets what this node advertises: any value Jackson can write as JSON (a map, list, string, number or record).
     * Peers see it with the next hello, which goes out at once. {@code null} withdraws the advertisement.
     *
     * @throws IllegalArgumentException when the value is not JSON-able or makes a hello larger than one datagram
     */
    public void advertise(@Nullable Object advertisement) {
        engine.advertise(advertisement);
    }

    /** What this node advertises, as plain Java values. */
    public @Nullable Object advertisement() {
        return engine.advertisement();
    }

    /**
     * Joins a channel with a handler, as node-discover's {@code join} does. Messages are delivered in order on this
     * node's event thread. More handlers of the same channel come with {@link #subscribe}.
     *
     * @return false when the name cannot be a channel (see {@link #isChannelName}) or the channel is joined already;
     *         the handler is then not added
     */
    public boolean join(String channel, Consumer<ChannelMessage> handler) {
        Objects.requireNonNull(handler, "handler");
        return isChannelName(channel) && engine.events().join(channel, handler);
    }

    /**
     * Adds a handler to a channel, joining it if needed: a channel has any number of handlers, each called with every
     * message, in the order they were added, on this node's event thread (one that throws is logged and the others
     * still run).
     *
     * <pre>{@code
     * try (ChannelSubscription audit = discovery.subscribe("orders", message -> log(message))) {
     *     ...
     * } // removes this handler; the channel is left when no handler remains
     * }</pre>
     *
     * @throws IllegalArgumentException when the name is empty or reserved ({@link #RESERVED_NAMES})
     */
    public ChannelSubscription subscribe(String channel, Consumer<ChannelMessage> handler) {
        Objects.requireNonNull(handler, "handler");
        if (!isChannelName(channel)) {
            throw new IllegalArgumentException("'" + channel + "' cannot be a channel name: it is empty or reserved by "
                    + "the protocol " + new TreeSet<>(RESERVED_NAMES) + ". Pick another name.");
        }
        return new ChannelSubscription(channel, engine.events().subscribe(channel, handler));
    }

    /**
     * Leaves the channel: removes every handler of it, whether added by {@link #join} or {@link #subscribe}.
     *
     * @return whether the channel was joined
     */
    public boolean leave(String channel) {
        return isChannelName(channel) && engine.events().leave(channel);
    }

    /** The channels this node has joined. */
    public List<String> channels() {
        return engine.events().channels();
    }

    /**
     * Sends a message to every node that joined the channel. Delivery is best effort, as UDP is. Note that
     * node-discover peers drop falsy payloads ({@code 0}, {@code ""}, {@code false}, {@code null}); Java peers do not.
     *
     * @return false when the name cannot be a channel (see {@link #isChannelName}) or the node is not running, so
     *         nothing was sent
     * @throws IllegalArgumentException when the payload is not JSON-able or does not fit one datagram
     */
    public boolean send(String channel, Object payload) {
        return isChannelName(channel) && engine.send(channel, payload);
    }

    public void addListener(DiscoveryListener listener) {
        engine.events().addListener(Objects.requireNonNull(listener, "listener"));
    }

    public boolean removeListener(DiscoveryListener listener) {
        return engine.events().removeListener(listener);
    }

    /** Packet counters: received, sent, and dropped by reason. */
    public DiscoveryStats stats() {
        return engine.stats();
    }

    /**
     * Tells discovery that traffic to a node failed: a connection to it was refused or reset, or timed out before any
     * byte came back. This node pings it and asks a few other members to ping it too; if none gets an answer within a
     * short bound (150 ms each way), every member that cannot reach it either removes it
     * ({@link DiscoveryEvent.Suspected}, then {@link RemovalReason#SUSPECTED}), long before {@code nodeTimeout}. Any
     * answer keeps it ({@link DiscoveryEvent.SuspicionRefuted}). A node this one cannot reach but others can is never
     * removed elsewhere. Only nodes that speak the protocol are checked (never a node-discover peer, nor a node that
     * just refuted a check, for one {@code nodeTimeout}); a client node checks nothing.
     *
     * @return whether a check of the node runs now
     */
    public boolean reportUnreachable(String nodeId) {
        return engine.reportUnreachable(Objects.requireNonNull(nodeId, "nodeId"));
    }

    /** What the suspicion protocol did on this node ({@link #reportUnreachable}). */
    public SuspicionStats suspicionStats() {
        return engine.suspicionStats();
    }

    /** The scheduler whose ordered delivery {@link ServiceDiscovery} shares, so its events interleave correctly. */
    @Override
    public Scheduler scheduler() {
        return engine.scheduler();
    }

    /**
     * Whether a name can be a channel: 1 to {@link #MAX_NAME_LENGTH} characters and not one of {@link #RESERVED_NAMES}.
     * {@link #join}, {@link #leave} and {@link #send} answer {@code false} for any other name, and every name this
     * accepts is accepted by receivers, Java or node-discover.
     */
    public static boolean isChannelName(@Nullable String channel) {
        return channel != null && !channel.isEmpty() && channel.length() <= MAX_NAME_LENGTH
                && !RESERVED_NAMES.contains(channel);
    }

    @Override
    public String toString() {
        return "Discovery{id=" + id() + ", running=" + isRunning() + ", master=" + isMaster() + "}";
    }
}
