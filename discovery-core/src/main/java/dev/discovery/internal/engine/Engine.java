package dev.discovery.internal.engine;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryOptions;
import dev.discovery.DiscoveryStats;
import dev.discovery.DropReason;
import dev.discovery.Encryption;
import dev.discovery.Ignore;
import dev.discovery.Node;
import dev.discovery.RemovalReason;
import dev.discovery.internal.logging.RateLimitedLog;
import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Framing;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.Json;
import dev.discovery.internal.wire.WireCodec;
import dev.discovery.spi.Scheduler;
import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The state machine behind {@link Discovery}: the local node's state, the table of peers, the timers and the receive
 * path. Every input (a datagram, a timer, an API call) is handled under one lock, reads time only from the
 * {@link Scheduler} and writes only to the {@link Transport} and the {@link EventBus}; so the same code runs on real
 * sockets and, deterministically, on a virtual network.
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final DiscoveryOptions options;
    private final Transport transport;
    private final Scheduler scheduler;
    private final EventBus events;
    private final String id;
    private final String processId;
    private final WireCodec codec;
    private final NodeTable table;
    private final long helloInterval;
    private final long checkInterval;
    private final DropLog dropLog;
    private final RateLimitedLog sendFailureLog;

    /** Serialises start and stop as wholes, socket and threads included; taken before {@link #lock}, never after. */
    private final Object lifecycle = new Object();
    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private boolean running;
    /** The transport and scheduler are started: while running, and after a failure until stop() or start(). */
    private boolean started;
    private @Nullable Throwable failure;
    private long lastDecodedAt;
    private final RecentHellos recentHellos = new RecentHellos();
    private int generation;
    private boolean master;
    private boolean masterEligible;
    private final double weight;
    private JsonNode advertisementJson;
    private Object advertisement;
    private byte[] helloJson; // cached until the local state changes
    private boolean electionsEnabled;
    private Scheduler.Timer helloTimer;
    private Scheduler.Timer checkTimer;
    private Scheduler.Timer expiryTimer;
    private long expiryAt;
    private long nextHelloAt;
    private long received;
    private long sent;
    private long sendFailures;
    private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);

    public Engine(DiscoveryOptions options, Transport transport, Scheduler scheduler, String id, String processId) {
        this(options, transport, scheduler, id, processId, Framing.forOptions(options));
    }

    /** An engine with a framing of the caller's choice, for tests that need a decoder which misbehaves. */
    public Engine(DiscoveryOptions options, Transport transport, Scheduler scheduler, String id, String processId,
            Framing framing) {
        this.options = options;
        this.transport = transport;
        this.scheduler = scheduler;
        this.events = new EventBus(scheduler);
        this.id = id;
        this.processId = processId;
        this.codec = new WireCodec(framing);
        this.table = new NodeTable(options.nodeTimeout().toMillis(), options.masterTimeout().toMillis());
        this.helloInterval = options.helloInterval().toMillis();
        this.checkInterval = options.checkInterval().toMillis();
        this.masterEligible = options.masterEligible();
        this.weight = options.weight() != null ? options.weight() : defaultWeight(scheduler.instant().toEpochMilli());
        this.dropLog = new DropLog(scheduler);
        this.sendFailureLog = new RateLimitedLog(log, RateLimitedLog.DEFAULT_INTERVAL, scheduler::millis);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, 0L);
        }
    }

    /** node-discover's default: the start time scaled below 1 and negated, so that older instances weigh more. */
    public static double defaultWeight(long epochMillis) {
        return -(epochMillis / Math.pow(10, Long.toString(epochMillis).length()));
    }

    public EventBus events() {
        return events;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public String id() {
        return id;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    public void start() throws IOException {
        synchronized (lifecycle) {
            startLocked();
        }
    }

    private void startLocked() throws IOException {
        boolean failed;
        synchronized (lock) {
            if (running) {
                return;
            }
            failed = started;
        }
        if (failed) {
            stopLocked(); // releases the socket and threads a failure left behind
        }
        synchronized (lock) {
            scheduler.start();
            generation++;
            try {
                transport.start(receiver(generation));
            } catch (IOException | RuntimeException e) {
                scheduler.stop();
                throw e;
            }
            running = true;
            started = true;
            failure = null;
            electionsEnabled = false;
            if (!options.keys().isEmpty() && options.encryption() == Encryption.AES256_LEGACY) {
                log.warn("Discovery uses node-discover's legacy aes256 encryption: it is not authenticated, so anyone "
                        + "on the network can forge or replay packets. Use it only to talk to keyed node-discover "
                        + "peers; the default AES_256_GCM is authenticated.");
            }
            if (master) {
                events.publish(new DiscoveryEvent.Promoted(self())); // promote() was called before start
            }
            long now = scheduler.millis();
            lastDecodedAt = now;
            if (!options.client()) {
                sendHello();
                nextHelloAt = now + helloInterval;
                helloTimer = after(helloInterval, this::helloTick);
            }
            checkTimer = after(checkInterval, this::checkTick);
        }
    }

    public void stop() {
        // A listener that stops its node while another thread is stopping it must not wait for that thread,
        // which may be waiting for the listener's own event thread to finish.
        synchronized (lock) {
            if (!started) {
                return;
            }
        }
        synchronized (lifecycle) {
            stopLocked();
        }
    }

    private void stopLocked() {
        synchronized (lock) {
            if (!started) {
                return;
            }
            started = false;
            failure = null;
            if (running) {
                leave("stopped");
            }
        }
        transport.stop();
        scheduler.stop();
    }

    /** Says goodbye and stops taking part; the socket and threads stay until stop() or start(). Under the lock. */
    private void leave(String reason) {
        if (!options.client()) {
            send(new Envelope(Envelope.GOODBYE, processId, id, options.hostName(),
                    Json.MAPPER.createObjectNode().put("reason", reason)));
        }
        running = false;
        generation++;
        cancelTimers();
        table.clear();
        recentHellos.clear();
        if (master) {
            master = false;
            helloJson = null;
            events.publish(new DiscoveryEvent.Demoted(self()));
        }
    }

    /**
     * A path the node needs died: rather than go on saying hello while deaf (or listening while mute), the node leaves
     * the cluster at once and says so. Under the lock.
     */
    private void fail(Throwable cause, String what) {
        if (!running) {
            return;
        }
        failure = cause;
        try {
            log.error("Discovery node {} failed: {} ({}). It said goodbye and sends no more hellos, so peers remove it;"
                    + " call stop() and start() to restart it.", id, what, cause.toString(), cause);
            events.publish(new DiscoveryEvent.Failed(self(), cause));
            leave("failed"); // the goodbye's reason, as a stopping node says "stopped"
        } catch (Throwable again) { // out of memory again, most likely: the state above is what matters
            running = false;
            generation++;
            cancelTimers();
        }
    }

    /** Why the node stopped taking part on its own, until it is started again. */
    public Optional<Throwable> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    /** The receive path of one run: a failure reported by the transport of an earlier run changes nothing. */
    private Transport.Receiver receiver(int run) {
        return new Transport.Receiver() {
            @Override
            public void receive(byte[] data, InetSocketAddress source) {
                Engine.this.receive(data, source);
            }

            @Override
            public void failed(Throwable cause) {
                synchronized (lock) {
                    if (generation == run) {
                        fail(cause, "its transport stopped delivering datagrams");
                    }
                }
            }
        };
    }

    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    private void cancelTimers() {
        for (Scheduler.Timer timer : new Scheduler.Timer[] {helloTimer, checkTimer, expiryTimer}) {
            if (timer != null) {
                timer.cancel();
            }
        }
        helloTimer = checkTimer = expiryTimer = null;
    }

    /** A timer whose task runs under the lock, and not at all once the node stopped or restarted. */
    private Scheduler.Timer after(long delay, Runnable task) {
        int scheduledIn = generation;
        return scheduler.schedule(delay, () -> {
            synchronized (lock) {
                if (running && generation == scheduledIn) {
                    try {
                        task.run();
                    } catch (Throwable e) { // the next hello or check would never be scheduled: a mute node
                        fail(e, "a timer task failed");
                    }
                }
            }
        });
    }

    private void helloTick() {
        sendHello();
        // Fixed rate: the next hello is due one interval after the previous one was due, not after it ran; but after
        // a stall (a GC pause, a suspended VM) the missed ones are skipped, not sent in a burst.
        long now = scheduler.millis();
        nextHelloAt += helloInterval;
        if (nextHelloAt <= now) {
            nextHelloAt = now + helloInterval;
        }
        helloTimer = after(nextHelloAt - now, this::helloTick);
    }

    private void checkTick() {
        electionsEnabled = true;
        elect();
        checkTimer = after(checkInterval, this::checkTick);
    }

    private void expiryTick() {
        expiryTimer = null;
        long now = scheduler.millis();
        List<PeerRecord> expired = table.removeExpired(now);
        for (PeerRecord peer : expired) {
            events.publish(new DiscoveryEvent.NodeRemoved(peer.snapshot(now, scheduler.instant()), RemovalReason.TIMED_OUT));
        }
        armExpiry(table.earliestDeadline());
        if (!expired.isEmpty()) {
            elect(); // a lost master is replaced at once, not at the next check
        }
    }

    private void armExpiry(long deadline) {
        if (deadline == Long.MAX_VALUE || (expiryTimer != null && expiryAt <= deadline)) {
            return;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel();
        }
        expiryAt = deadline;
        expiryTimer = after(Math.max(0, deadline - scheduler.millis()), this::expiryTick);
    }

    // ---- election --------------------------------------------------------------------------------------------

    private void elect() {
        // Before the first check a node has not heard the others yet and would promote itself on an empty table.
        if (!electionsEnabled) {
            return;
        }
        switch (Election.decide(master, masterEligible, weight, id, table.peers(), options.mastersRequired())) {
            case PROMOTE -> setMaster(true);
            case DEMOTE -> setMaster(false);
            case STAY -> { }
        }
    }

    /** Before start only the state changes: start() tells listeners about a master it starts as. */
    private void setMaster(boolean value) {
        master = value;
        helloJson = null;
        if (running) {
            events.publish(value ? new DiscoveryEvent.Promoted(self()) : new DiscoveryEvent.Demoted(self()));
            sendHello();
        }
    }

    public boolean promote() {
        synchronized (lock) {
            if (options.client()) {
                log.warn("promote() ignored: a node in client mode is never master");
                return false;
            }
            masterEligible = true;
            if (!master) {
                setMaster(true);
            }
            return true;
        }
    }

    public void demote(boolean permanent) {
        synchronized (lock) {
            if (permanent) {
                masterEligible = false;
                helloJson = null;
            }
            if (master) {
                setMaster(false);
            } else if (permanent && running) {
                sendHello();
            }
        }
    }

    public boolean isMaster() {
        synchronized (lock) {
            return master;
        }
    }

    // ---- local state and sending -----------------------------------------------------------------------------

    public void advertise(Object value) {
        // Withdrawn is an explicit null, as node-discover's advertise(null) sends it: its receivers never delete a field
        // of a hello, so a left-out advertisement would keep the old one showing there.
        JsonNode tree = value == null ? Json.MAPPER.nullNode() : Json.toTree(value);
        synchronized (lock) {
            byte[] json = encodeHello(master, masterEligible, tree);
            int size = codec.seal(json, scheduler.instant().toEpochMilli()).length;
            if (size > DiscoveryOptions.MAX_DATAGRAM_BYTES) {
                throw new IllegalArgumentException("Advertisement too large: the hello carrying it would be " + size
                        + " bytes, but one datagram holds at most " + DiscoveryOptions.MAX_DATAGRAM_BYTES
                        + ". Advertise less (an address and a few fields), and exchange bulk data over your own protocol.");
            }
            advertisementJson = tree;
            advertisement = Json.toPlain(tree);
            helloJson = json;
            if (running) {
                sendHello();
            }
        }
    }

    public Object advertisement() {
        synchronized (lock) {
            return advertisement;
        }
    }

    public boolean send(String channel, Object payload) {
        JsonNode data = Json.toTree(payload);
        synchronized (lock) {
            if (!running) {
                return false;
            }
            byte[] datagram = codec.encode(new Envelope(channel, processId, id, options.hostName(), data),
                    scheduler.instant().toEpochMilli());
            if (datagram.length > DiscoveryOptions.MAX_DATAGRAM_BYTES) {
                throw new IllegalArgumentException("Message on channel '" + channel + "' too large: " + datagram.length
                        + " bytes, but one datagram holds at most " + DiscoveryOptions.MAX_DATAGRAM_BYTES);
            }
            return transmit(datagram);
        }
    }

    /** The one place hellos leave from: a client never sends one, whatever asked for it. */
    private void sendHello() {
        if (options.client()) {
            return;
        }
        if (helloJson == null) {
            helloJson = encodeHello(master, masterEligible, advertisementJson);
        }
        byte[] datagram = codec.seal(helloJson, scheduler.instant().toEpochMilli());
        recentHellos.sent(datagram);
        transmit(datagram);
    }

    private byte[] encodeHello(boolean isMaster, boolean eligible, JsonNode ad) {
        return codec.json(new Envelope(Envelope.HELLO, processId, id, options.hostName(),
                new Hello(isMaster, eligible, weight, ad).toJson()));
    }

    private void send(Envelope envelope) {
        transmit(codec.encode(envelope, scheduler.instant().toEpochMilli()));
    }

    private boolean transmit(byte[] datagram) {
        try {
            transport.send(datagram);
            sent++;
            return true;
        } catch (IOException | RuntimeException e) {
            sendFailures++;
            sendFailureLog.warn("send", "Discovery could not send a datagram: {}", e.toString());
            return false;
        }
    }

    // ---- receiving -------------------------------------------------------------------------------------------

    /**
     * The receive path: nothing thrown here may reach the transport, whatever the datagram holds. An {@code Error}
     * while decoding (a datagram that exhausts memory or stack) costs that datagram only, since decoding touches no
     * state; once the table or the local state is touched, an {@code Error} leaves them in doubt and the node fails.
     */
    public void receive(byte[] data, InetSocketAddress source) {
        synchronized (lock) {
            if (!running) {
                return;
            }
            received++;
            Envelope envelope;
            Hello hello = null;
            try {
                envelope = codec.decode(data, scheduler.instant().toEpochMilli());
                if (Envelope.HELLO.equals(envelope.event())) {
                    hello = Hello.fromJson(envelope.data());
                }
            } catch (DroppedDatagram d) {
                lastDecodedAt = scheduler.millis();
                drop(d.reason(), source, d.getMessage());
                return;
            } catch (RuntimeException e) {
                lastDecodedAt = scheduler.millis();
                drop(DropReason.MALFORMED, source, e.toString());
                return;
            } catch (OutOfMemoryError | StackOverflowError e) {
                exhausted(e, source);
                return;
            }
            lastDecodedAt = scheduler.millis();
            try {
                dispatch(envelope, hello, data, source);
            } catch (DroppedDatagram d) {
                drop(d.reason(), source, d.getMessage());
            } catch (RuntimeException e) {
                log.debug("Unexpected failure on a datagram from {}", source, e);
                drop(DropReason.MALFORMED, source, e.toString());
            } catch (Throwable e) {
                fail(e, "its receive path failed on a datagram from " + source);
            }
        }
    }

    /**
     * One datagram ran out of memory or stack while decoding. The path goes on, unless nothing at all has decoded for a
     * whole nodeTimeout: then the node is deaf in effect, and must not go on saying hello.
     */
    private void exhausted(Throwable error, InetSocketAddress source) {
        drop(DropReason.RESOURCE_EXHAUSTED, source, error.toString());
        long silentFor = scheduler.millis() - lastDecodedAt;
        if (silentFor >= options.nodeTimeout().toMillis()) {
            fail(error, "no datagram could be decoded for " + silentFor + " ms, each ran out of memory or stack");
        }
    }

    private void dispatch(Envelope envelope, @Nullable Hello hello, byte[] data, InetSocketAddress source)
            throws DroppedDatagram {
        if (id.equals(envelope.iid())) {
            ownId(envelope, data);
        }
        if (options.ignore() == Ignore.PROCESS && processId.equals(envelope.pid())) {
            throw new DroppedDatagram(DropReason.OWN, "own packet");
        }
        switch (envelope.event()) {
            case Envelope.HELLO -> onHello(envelope, hello, source);
            case Envelope.GOODBYE -> onGoodbye(envelope, source);
            default -> onMessage(envelope, source);
        }
    }

    /** A datagram carrying this node's id: its own, or one that only says so. Always dropped. */
    private void ownId(Envelope envelope, byte[] data) throws DroppedDatagram {
        // While running this node has sent no goodbye; a hello it sent is among the recent ones.
        boolean conflict = switch (envelope.event()) {
            case Envelope.HELLO -> !recentHellos.contains(data);
            case Envelope.GOODBYE -> true;
            default -> false;
        };
        if (conflict) {
            throw new DroppedDatagram(DropReason.ID_CONFLICT, "a " + envelope.event() + " carrying this node's own id "
                    + id + " that this node did not send");
        }
        throw new DroppedDatagram(DropReason.OWN, "own packet");
    }

    private void drop(DropReason reason, InetSocketAddress source, String detail) {
        dropped.merge(reason, 1L, Long::sum);
        dropLog.dropped(reason, source, detail);
        if (reason.isDataError() && !options.ignoreDataErrors()) {
            events.publish(new DiscoveryEvent.DataError(reason, source, detail));
        }
    }

    private void onHello(Envelope envelope, Hello hello, InetSocketAddress source) throws DroppedDatagram {
        long now = scheduler.millis();
        String address = source.getAddress().getHostAddress();
        PeerRecord peer = table.get(envelope.iid());
        if (peer == null) {
            if (table.size() >= options.maxNodes()) {
                throw new DroppedDatagram(DropReason.TABLE_FULL, "table holds maxNodes=" + options.maxNodes());
            }
            peer = new PeerRecord(envelope.iid());
            peer.update(envelope, hello, address, source.getPort(), now);
            Node node = peer.snapshot(now, scheduler.instant());
            events.publish(new DiscoveryEvent.NodeAdded(node));
            if (peer.master) {
                events.publish(new DiscoveryEvent.MasterElected(node));
            }
        } else if (peer.differs(envelope, hello, address, source.getPort())) {
            boolean wasMaster = peer.master;
            Node before = peer.snapshot(now, scheduler.instant());
            peer.update(envelope, hello, address, source.getPort(), now);
            Node after = peer.snapshot(now, scheduler.instant());
            events.publish(new DiscoveryEvent.NodeUpdated(before, after));
            if (peer.master && !wasMaster) {
                events.publish(new DiscoveryEvent.MasterElected(after));
            }
        } else {
            peer.lastSeen = now; // the common hello: nothing new, no snapshots, no events
        }
        table.heard(peer);
        armExpiry(table.deadline(peer));
    }

    /** A goodbye counts only from where the node's hellos come from: anyone else could remove any peer with one. */
    private void onGoodbye(Envelope envelope, InetSocketAddress source) throws DroppedDatagram {
        PeerRecord known = table.get(envelope.iid());
        String address = source.getAddress().getHostAddress();
        if (known != null && (!known.address.equals(address) || known.port != source.getPort())) {
            throw new DroppedDatagram(DropReason.ID_CONFLICT, "a goodbye for " + envelope.iid() + " from " + address
                    + ":" + source.getPort() + ", but its hellos come from " + known.address + ":" + known.port);
        }
        PeerRecord peer = table.remove(envelope.iid());
        if (peer != null) {
            long now = scheduler.millis();
            events.publish(new DiscoveryEvent.NodeRemoved(peer.snapshot(now, scheduler.instant()), RemovalReason.LEFT));
            elect();
        }
    }

    private void onMessage(Envelope envelope, InetSocketAddress source) throws DroppedDatagram {
        if (!events.joined(envelope.event())) {
            throw new DroppedDatagram(DropReason.NOT_JOINED, "channel '" + envelope.event() + "' not joined");
        }
        long now = scheduler.millis();
        PeerRecord peer = table.get(envelope.iid());
        Node sender = peer != null
                ? peer.snapshot(now, scheduler.instant())
                : new Node(envelope.iid(), envelope.hostName(), source.getAddress().getHostAddress(), source.getPort(),
                        false, false, Double.NEGATIVE_INFINITY, null, scheduler.instant(), envelope.pid());
        events.publish(new ChannelMessage(envelope.event(), Json.toPlain(envelope.data()), sender));
    }

    // ---- views -----------------------------------------------------------------------------------------------

    public Node self() {
        synchronized (lock) {
            return new Node(id, options.hostName(), options.bindAddress(), options.port(), master, masterEligible,
                    weight, advertisement, scheduler.instant(), processId);
        }
    }

    public List<Node> nodes() {
        synchronized (lock) {
            long now = scheduler.millis();
            var wallNow = scheduler.instant();
            List<Node> nodes = new ArrayList<>(table.size());
            for (PeerRecord peer : table.peers()) {
                nodes.add(peer.snapshot(now, wallNow));
            }
            return nodes;
        }
    }

    public DiscoveryStats stats() {
        OptionalLong kernelDrops = transport.kernelDrops(); // reads a file: not under the lock
        synchronized (lock) {
            return new DiscoveryStats(received, sent, sendFailures, dropped, kernelDrops);
        }
    }
}
