package dev.discovery.internal.engine;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.Coordination;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryOptions;
import dev.discovery.DiscoveryStats;
import dev.discovery.DropReason;
import dev.discovery.Encryption;
import dev.discovery.Ignore;
import dev.discovery.Node;
import dev.discovery.RemovalReason;
import dev.discovery.SuspicionStats;
import dev.discovery.internal.wire.AdvertisementText;
import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Framing;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.Json;
import dev.discovery.internal.wire.OwnDatagramFilter;
import dev.discovery.internal.wire.PeerList;
import dev.discovery.internal.wire.Probe;
import dev.discovery.internal.wire.WireCodec;
import dev.discovery.internal.net.Cidr;
import dev.discovery.internal.net.Seed;
import dev.discovery.spi.NameResolver;
import dev.discovery.spi.Scheduler;
import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The state machine behind {@link Discovery}: the local node's state, the table of peers, the timers and the receive
 * path. Every input (a datagram, a timer, an API call) is decided under one lock, reads time only from the
 * {@link Scheduler} and writes only to the {@link Outbox} and the {@link EventBus}; so the same code runs on real
 * sockets and, deterministically, on a virtual network. Nothing slow happens under the lock: a datagram is decoded and
 * authenticated before it is taken, and what the engine decided to send is sealed and written after it is released.
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final DiscoveryOptions options;
    private final Transport transport;
    private final Scheduler scheduler;
    private final EventBus events;
    private final Outbox outbox;
    private final DropLog dropLog;
    private final String id;
    private final String processId;
    private final WireCodec codec;
    private final NodeTable table;
    private final Admission admission;
    private final long helloInterval;
    private final long checkInterval;
    /** With seeds only: the addresses learned and exchanged, and the seeds' DNS lookups. */
    private final @Nullable PeerExchange peers;
    private final @Nullable SeedResolution seeds;
    /** Checks of nodes that traffic found unreachable; none for a client or with node-discover's legacy encryption. */
    private final @Nullable Suspicion suspicion;

    /** Serialises start and stop as wholes, socket and threads included; taken before {@link #lock}, never after. */
    private final Object lifecycle = new Object();
    private final Object lock = new Object();
    // Everything below is guarded by lock; running is also read without it, to turn datagrams away early.
    private volatile boolean running;
    /** The transport and scheduler are started: while running, and after a failure until stop() or start(). */
    private boolean started;
    private @Nullable Throwable failure;
    private Destinations destinations;
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
    // Counted outside the lock: datagrams are decoded, and dropped, before it is taken.
    private final AtomicLong received = new AtomicLong();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);
    /** When a datagram last decoded, or was refused for what it holds: to tell a deaf node from a flood. */
    private volatile long lastDecodedAt;
    private long startedAt;
    /** Heard the cluster since the start: a settle time has passed ({@link DiscoveryOptions#settleTime()}). */
    private boolean settled;
    private Scheduler.Timer settleTimer;
    /** What the local master-only work announces: whether it may lead, the term it leads in (0: none). */
    private boolean leadCandidate;
    private long leadTerm;
    /** The highest lead term heard from anyone or taken here; it never goes down, not even across restarts. */
    private long highestTerm;

    public Engine(DiscoveryOptions options, Transport transport, Scheduler scheduler, NameResolver resolver, String id,
            String processId) {
        this(options, transport, scheduler, resolver, id, processId, Framing.forOptions(options));
    }

    /** An engine with a framing of the caller's choice, for tests that need a decoder which misbehaves. */
    public Engine(DiscoveryOptions options, Transport transport, Scheduler scheduler, NameResolver resolver, String id,
            String processId, Framing framing) {
        this.options = options;
        this.transport = transport;
        this.scheduler = scheduler;
        this.events = new EventBus(scheduler, this::masters);
        this.id = id;
        this.processId = processId;
        this.codec = new WireCodec(framing, new OwnDatagramFilter(processId, id, options.keys().isEmpty()));
        this.outbox = new Outbox(transport, codec, scheduler, error -> {
            synchronized (lock) {
                fail(error, "it could not send a datagram");
            }
        });
        this.table = new NodeTable(options.nodeTimeout().toMillis(), options.masterTimeout().toMillis());
        this.helloInterval = options.helloInterval().toMillis();
        this.admission = new Admission(table, options.maxNodes(), options.maxTableBytes(), helloInterval);
        this.checkInterval = options.checkInterval().toMillis();
        this.masterEligible = options.masterEligible();
        this.weight = options.weight() != null ? options.weight() : defaultWeight(scheduler.instant().toEpochMilli());
        this.dropLog = new DropLog(scheduler);
        // A client sends no hellos, so nobody would answer its exchange: it only hears broadcast and multicast.
        if (options.seeds().isEmpty() || options.client()) {
            this.peers = null;
            this.seeds = null;
        } else {
            this.peers = new PeerExchange(options.nodeTimeout().toMillis(), helloInterval, options.maxNodes(),
                    this::hello,
                    list -> codec.json(new Envelope(Envelope.PEERS, processId, id, options.hostName(), list.toJson())),
                    outbox::add, this::drop, options.allowedNetworks().stream().map(Cidr::parse).toList());
            this.seeds = new SeedResolution(options.seeds().stream().map(s -> Seed.parse(s, options.port())).toList(),
                    resolver, scheduler, options.seedRefreshInterval().toMillis(), this::seedsResolved);
        }
        // Its messages must be authenticated like peer lists; a client sends no hellos, so no member would take them.
        this.suspicion = options.client() || !exchangesPeers(options) ? null
                : new Suspicion(id, options.nodeTimeout().toMillis(), helloInterval, new SuspicionHost());
    }

    /**
     * Peer lists are taken only from authenticated datagrams: with a key, only the authenticated encryption carries
     * them (node-discover's legacy one authenticates nothing); without a key nothing is authenticated, and the bounds
     * of the exchange are what protects the cluster.
     */
    private static boolean exchangesPeers(DiscoveryOptions options) {
        return options.keys().isEmpty() || authenticated(options);
    }

    /** Whether only key holders can speak for a node: a key, under the authenticated encryption. */
    private static boolean authenticated(DiscoveryOptions options) {
        return !options.keys().isEmpty() && options.encryption() == Encryption.AES_256_GCM;
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
            if (!startLocked()) {
                return;
            }
            // The first hello leaves before the receive and timer threads start: a new thread's start waits until the
            // operating system has run it once, which on a busy machine put milliseconds (once 90) between start()
            // and the first hello. Datagrams that come meanwhile wait in the socket.
            outbox.drain();
            transport.startReceiving();
            synchronized (lock) {
                startTimers();
            }
            outbox.drain();
        }
    }

    /** Whether this call started the node (false: it was running already). */
    private boolean startLocked() throws IOException {
        boolean failed;
        synchronized (lock) {
            if (running) {
                return false;
            }
            failed = started;
        }
        if (failed) {
            stopLocked(); // releases the socket and threads a failure left behind
        }
        synchronized (lock) {
            destinations = Destinations.of(options, peers);
            scheduler.start();
            generation++;
            codec.start(scheduler.instant().toEpochMilli());
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
            startedAt = now;
            if (peers != null) {
                peers.start(seeds.literals(), transport.networks().stream().map(Cidr::parse).toList());
                seeds.start();
            }
            if (!options.client()) {
                announce();
            }
            settled = false;
        }
        return true;
    }

    /** The periodic work of a node just started, timed from its start; nothing when it failed meanwhile. Under the lock. */
    private void startTimers() {
        if (!running || helloTimer != null) {
            return;
        }
        long elapsed = scheduler.millis() - startedAt;
        if (!options.client()) {
            nextHelloAt = startedAt + helloInterval;
            helloTimer = after(helloInterval - elapsed, this::helloTick);
        } else {
            helloTimer = after(helloInterval - elapsed, this::probeTick);
        }
        checkTimer = after(checkInterval - elapsed, this::checkTick);
        settleTimer = after(options.settleTime().toMillis() - elapsed, this::settle);
    }

    /** The settle time is over: say so to the peers (they hand keys over only now) and to local listeners. */
    private void settle() {
        settled = true;
        helloJson = null;
        sendHello();
        events.publish(new DiscoveryEvent.Settled(self()));
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
        outbox.drain(); // the goodbye leaves before the socket closes
        transport.stop();
        scheduler.stop();
    }

    /** Says goodbye and stops taking part; the socket and threads stay until stop() or start(). Under the lock. */
    private void leave(String reason) {
        if (!options.client()) {
            queue(new Envelope(Envelope.GOODBYE, processId, id, options.hostName(),
                    Json.MAPPER.createObjectNode().put("reason", reason)));
        }
        running = false;
        settled = false;
        leadTerm = 0;
        generation++;
        cancelTimers();
        table.clear();
        recentHellos.clear();
        admission.clear();
        if (peers != null) {
            seeds.stop();
            peers.clear();
        }
        if (suspicion != null) {
            suspicion.clear();
        }
        if (master) {
            master = false;
            helloJson = null;
            events.publish(new DiscoveryEvent.Demoted(self()));
        }
        events.publish(new DiscoveryEvent.Stopped(self()));
    }

    /**
     * A path the node needs died: rather than go on saying hello while deaf (or listening while mute), the node leaves
     * the cluster at once and says so. Under the lock; the caller drains the outbox, so the goodbye leaves.
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
                outbox.drain();
            }
        };
    }

    public boolean isRunning() {
        return running;
    }

    private void cancelTimers() {
        for (Scheduler.Timer timer : new Scheduler.Timer[] {helloTimer, checkTimer, expiryTimer, settleTimer}) {
            if (timer != null) {
                timer.cancel();
            }
        }
        helloTimer = checkTimer = expiryTimer = settleTimer = null;
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
            outbox.drain();
        });
    }

    private void helloTick() {
        announce();
        // Fixed rate: the next hello is due one interval after the previous one was due, not after it ran; but after
        // a stall (a GC pause, a suspended VM) the missed ones are skipped, not sent in a burst.
        long now = scheduler.millis();
        nextHelloAt += helloInterval;
        if (nextHelloAt <= now) {
            nextHelloAt = now + helloInterval;
        }
        helloTimer = after(nextHelloAt - now, this::helloTick);
    }

    /**
     * A node that sends no hellos proves nothing to its peers; with a key, when it refused datagrams that might be a
     * replay from before it started, it asks its peers to name it (see {@link Envelope#PROBE}). Only as long as such
     * datagrams can be inside the replay window.
     */
    private void probeTick() {
        if (codec.awaitingProof()) {
            queue(new Envelope(Envelope.PROBE, processId, id, options.hostName(), null));
        }
        if (scheduler.millis() - startedAt <= options.replayWindow().toMillis()) {
            helloTimer = after(helloInterval, this::probeTick);
        }
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
            admission.removed(peer, now);
            if (peers != null) {
                peers.forget(peer.id);
            }
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
        }
        outbox.drain();
        return true;
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
        outbox.drain();
    }

    public boolean isMaster() {
        synchronized (lock) {
            return master;
        }
    }

    /** Whether this node has heard the cluster since it started. */
    public boolean isSettled() {
        synchronized (lock) {
            return settled;
        }
    }

    /** The highest lead term heard or taken here. */
    public long highestTerm() {
        synchronized (lock) {
            return highestTerm;
        }
    }

    /**
     * Announces the local master-only work: whether it may lead, and the term it leads in (0: none). A new lead term
     * goes out at once, as a promotion does, so that the others hear of it before their next check.
     */
    public void lead(boolean candidate, long term) {
        synchronized (lock) {
            if (candidate == leadCandidate && term == leadTerm) {
                return;
            }
            leadCandidate = candidate;
            leadTerm = term;
            highestTerm = Math.max(highestTerm, term);
            helloJson = null;
            if (running) {
                sendHello();
            }
        }
        outbox.drain();
    }

    // ---- local state and sending -----------------------------------------------------------------------------

    public void advertise(Object value) {
        // Withdrawn is an explicit null, as node-discover's advertise(null) sends it: its receivers never delete a field
        // of a hello, so a left-out advertisement would keep the old one showing there.
        JsonNode tree = value == null ? Json.MAPPER.nullNode() : Json.toTree(value);
        // Measured outside the lock, on the longest hello this advertisement can ride in: master or not, eligible or not
        // ("false" is longer than "true"), with the longest lead field, under the framing's worst case.
        codec.requireFits(encodeHello(false, false, tree, LONGEST_COORDINATION), "Advertisement");
        Object plain = Json.toPlain(tree);
        synchronized (lock) {
            advertisementJson = tree;
            advertisement = plain;
            helloJson = null;
            if (running) {
                sendHello();
            }
        }
        outbox.drain();
    }

    public Object advertisement() {
        synchronized (lock) {
            return advertisement;
        }
    }

    /** Whether the message was queued for sending: false when the node is not running. */
    public boolean send(String channel, Object payload) {
        if (!running) {
            return false;
        }
        byte[] json = codec.json(new Envelope(channel, processId, id, options.hostName(), Json.toTree(payload)));
        codec.requireFits(json, "Message on channel '" + channel + "'");
        synchronized (lock) {
            if (!running) {
                return false;
            }
            outbox.add(json, destinations.members());
        }
        outbox.drain();
        return true;
    }

    /** The one place hellos leave from: a client never sends one, whatever asked for it. */
    private void sendHello() {
        if (options.client()) {
            return;
        }
        byte[] hello = hello();
        recentHellos.sent(hello);
        outbox.add(hello, destinations.everyone());
    }

    /** The periodic hello, and with seeds the exchange that goes with it. */
    private void announce() {
        if (peers != null) {
            peers.expire(scheduler.millis());
        }
        sendHello();
        if (peers != null && exchangesPeers(options)) {
            peers.exchange();
        }
    }

    private byte[] hello() {
        if (helloJson == null) {
            helloJson = encodeHello(master, masterEligible, advertisementJson, coordination());
        }
        return helloJson;
    }

    /** The seeds' addresses, as the latest DNS answers give them; called without the lock, from the lookups. */
    private void seedsResolved(List<InetSocketAddress> addresses) {
        synchronized (lock) {
            if (running) {
                peers.seedsResolved(addresses);
            }
        }
        outbox.drain();
    }

    /** A control message to every member, sent once the lock is released. Under the lock. */
    private void queue(Envelope envelope) {
        outbox.add(codec.json(envelope), destinations.members());
    }

    private byte[] encodeHello(boolean isMaster, boolean eligible, JsonNode ad, Coordination coordination) {
        return codec.json(new Envelope(Envelope.HELLO, processId, id, options.hostName(),
                new Hello(isMaster, eligible, weight, ad, coordination).toJson()));
    }

    private static final Coordination LONGEST_COORDINATION =
            new Coordination(Long.MAX_VALUE, Long.MAX_VALUE, false, false);

    /** Under the lock. */
    private Coordination coordination() {
        return new Coordination(highestTerm, leadTerm, leadCandidate, settled);
    }

    // ---- receiving -------------------------------------------------------------------------------------------

    /**
     * The receive path: nothing thrown here may reach the transport, whatever the datagram holds. Decryption,
     * authentication and parsing happen before the lock is taken; under it only the table and the events change. An
     * {@code Error} while decoding (a datagram that exhausts memory or stack) costs that datagram only, since decoding
     * touches no state; once the table or the local state is touched, an {@code Error} leaves them in doubt and the node
     * fails.
     */
    public void receive(byte[] data, InetSocketAddress source) {
        if (!running) {
            return;
        }
        received.incrementAndGet();
        Decoded datagram;
        try {
            datagram = decode(data);
        } catch (DroppedDatagram d) {
            lastDecodedAt = scheduler.millis();
            if (peers != null && OWN_INSTANCE.equals(d.getMessage())) {
                synchronized (lock) {
                    peers.heardItself(source); // one of our own addresses: never a peer to learn
                }
            }
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
        Envelope envelope = datagram.envelope();
        synchronized (lock) {
            if (!running) {
                return;
            }
            try {
                switch (envelope.event()) {
                    case Envelope.HELLO -> onHello(envelope, datagram.hello(), datagram.advertisement(), source);
                    case Envelope.GOODBYE -> onGoodbye(envelope, source);
                    case Envelope.PEERS -> peers.received(source, datagram.peerList(), scheduler.millis());
                    case Envelope.PROBE -> { } // answered by the framing, which names its sender back
                    case Probe.PING, Probe.CHECK, Probe.ALIVE, Probe.SUSPECT -> suspicion.received(
                            envelope.event(), envelope.iid(), source, (Probe) datagram.payload(), scheduler.millis());
                    default -> onMessage(envelope, datagram.payload(), source);
                }
            } catch (DroppedDatagram d) {
                drop(d.reason(), source, d.getMessage());
            } catch (RuntimeException e) {
                log.debug("Unexpected failure on a datagram from {}", source, e);
                drop(DropReason.MALFORMED, source, e.toString());
            } catch (Throwable e) {
                fail(e, "its receive path failed on a datagram from " + source);
            }
        }
        outbox.drain();
    }

    /** A datagram as far as it can be read without the engine's state: a hello's fields, a message's payload. */
    private record Decoded(Envelope envelope, @Nullable Hello hello, @Nullable AdvertisementText advertisement,
            @Nullable Object payload, @Nullable PeerList peerList) {
    }

    /** The detail of a datagram this very node sent, which came back: its source is one of our own addresses. */
    private static final String OWN_INSTANCE = "own packet";

    /** Everything that needs no state but the options: framing, JSON, field checks, our own packets, channels. */
    private Decoded decode(byte[] data) throws DroppedDatagram {
        WireCodec.Read read = codec.read(data, scheduler.instant().toEpochMilli());
        Envelope envelope = read.envelope();
        if (id.equals(envelope.iid())) {
            ownId(envelope, data);
        }
        if (options.ignore() == Ignore.PROCESS && processId.equals(envelope.pid())) {
            throw new DroppedDatagram(DropReason.OWN, "own packet");
        }
        return switch (envelope.event()) {
            case Envelope.HELLO -> new Decoded(envelope, read.hello() != null ? read.hello()
                    : Hello.fromJson(envelope.data()), read.advertisement(), null, null);
            case Envelope.GOODBYE, Envelope.PROBE -> new Decoded(envelope, null, null, null, null);
            case Envelope.PEERS -> {
                if (peers == null || !exchangesPeers(options)) {
                    throw new DroppedDatagram(DropReason.NOT_JOINED, peers == null
                            ? "peer exchange without seeds" : "peer lists are taken only from authenticated datagrams");
                }
                yield new Decoded(envelope, null, null, null, PeerList.fromJson(envelope.data()));
            }
            case Probe.PING, Probe.CHECK, Probe.ALIVE, Probe.SUSPECT -> {
                if (suspicion == null) {
                    throw new DroppedDatagram(DropReason.NOT_JOINED,
                            "suspicion is off here (a client, or legacy encryption)");
                }
                yield new Decoded(envelope, null, null, Probe.fromJson(envelope.data()), null);
            }
            default -> {
                if (!events.joined(envelope.event())) {
                    throw new DroppedDatagram(DropReason.NOT_JOINED, "channel '" + envelope.event() + "' not joined");
                }
                yield new Decoded(envelope, null, null, Json.toPlain(envelope.data()), null);
            }
        };
    }

    /**
     * A datagram carrying this node's id: its own, or one that only says so. Always dropped. Without a key anyone can
     * put our id in a datagram; a plain hello we sent comes back byte for byte among the recent ones, and while running
     * we sent no goodbye. With a key only key holders speak, and replays are refused before this.
     */
    private void ownId(Envelope envelope, byte[] data) throws DroppedDatagram {
        boolean conflict = options.keys().isEmpty() && switch (envelope.event()) {
            case Envelope.HELLO -> !recentHellos.contains(data);
            case Envelope.GOODBYE -> true;
            default -> false;
        };
        if (conflict) {
            throw new DroppedDatagram(DropReason.ID_CONFLICT, "a " + envelope.event() + " carrying this node's own id "
                    + id + " that this node did not send");
        }
        throw new DroppedDatagram(DropReason.OWN, OWN_INSTANCE);
    }

    /**
     * One datagram ran out of memory or stack while decoding. The path goes on, unless nothing at all has decoded for a
     * whole nodeTimeout: then the node is deaf in effect, and must not go on saying hello.
     */
    private void exhausted(Throwable error, InetSocketAddress source) {
        drop(DropReason.RESOURCE_EXHAUSTED, source, error.toString());
        long silentFor = scheduler.millis() - lastDecodedAt;
        if (silentFor >= options.nodeTimeout().toMillis()) {
            synchronized (lock) {
                fail(error, "no datagram could be decoded for " + silentFor + " ms, each ran out of memory or stack");
            }
            outbox.drain();
        }
    }

    private void drop(DropReason reason, InetSocketAddress source, String detail) {
        dropped.incrementAndGet(reason.ordinal());
        dropLog.dropped(reason, source, detail);
        if (reason.isDataError() && !options.ignoreDataErrors()) {
            events.publish(new DiscoveryEvent.DataError(reason, source, detail));
        }
    }

    /**
     * @param text the advertisement's text when the hello's reader left it as text (the hello's is then null): the
     *             tree held for the node serves while the text is the same, else one is built from it
     */
    private void onHello(Envelope envelope, Hello read, @Nullable AdvertisementText text, InetSocketAddress source)
            throws DroppedDatagram {
        long now = scheduler.millis();
        String address = source.getAddress().getHostAddress();
        PeerRecord peer = table.get(envelope.iid());
        Hello hello = text == null ? read : read.withAdvertisement(
                peer != null && text.sameAs(peer.advertisementText) ? peer.advertisementJson : text.tree());
        boolean evicted;
        if (peer == null) {
            peer = new PeerRecord(envelope.iid());
            long advertisementBytes = PeerFootprint.advertisement(hello.advertisement(), text);
            peer.footprint = PeerFootprint.of(peer.id, envelope.pid(), envelope.hostName(), address, advertisementBytes);
            evicted = publishEvicted(admission.enter(peer, address, now), now);
            peer.update(envelope, hello, text, address, source.getPort(), now);
            peer.advertisementBytes = advertisementBytes;
            peer.listedMaster = keepsClaim(peer);
            Node node = peer.snapshot(now, scheduler.instant());
            events.publish(new DiscoveryEvent.NodeAdded(node));
            if (peer.listedMaster) {
                events.publish(new DiscoveryEvent.MasterElected(node));
            }
        } else if (!peer.isAt(address, source.getPort()) && !mayMove(peer, now)) {
            throw new DroppedDatagram(DropReason.ID_CONFLICT, "a hello for " + peer.id + " from " + source
                    + ", but its hellos come from " + peer.address + ":" + peer.port + ", heard " + (now - peer.lastSeen)
                    + " ms ago; it moves once silent there for nodeTimeout");
        } else if (peer.differs(envelope, hello, address, source.getPort())
                || (peer.master || peer.listedMaster) && peer.listedMaster != keepsClaim(peer)) {
            long advertisementBytes = Objects.equals(peer.advertisementJson, hello.advertisement())
                    ? peer.advertisementBytes : PeerFootprint.advertisement(hello.advertisement(), text);
            long footprint = PeerFootprint.of(peer.id, envelope.pid(), envelope.hostName(), address, advertisementBytes);
            evicted = publishEvicted(admission.resize(peer, footprint), now);
            Node before = peer.snapshot(now, scheduler.instant());
            peer.update(envelope, hello, text, address, source.getPort(), now);
            peer.advertisementBytes = advertisementBytes;
            peer.listedMaster = keepsClaim(peer);
            table.resize(peer, footprint);
            Node after = peer.snapshot(now, scheduler.instant());
            events.publish(new DiscoveryEvent.NodeUpdated(before, after));
            if (after.master() && !before.master()) {
                events.publish(new DiscoveryEvent.MasterElected(after));
            }
        } else {
            peer.lastSeen = now; // the common hello: nothing new, no snapshots, no events
            evicted = false;
        }
        if (peer.coordination.highestTerm() > highestTerm) {
            highestTerm = peer.coordination.highestTerm(); // announced from the next hello on
            helloJson = null;
        }
        table.heard(peer);
        admission.heard(peer, now);
        armExpiry(table.deadline(peer));
        if (evicted) {
            elect(); // an evicted master is replaced at once
        }
        if (peers != null) {
            peers.heard(peer.id, source);
        }
        if (suspicion != null) {
            suspicion.heard(peer, now);
        }
    }

    /**
     * Whether a hello from another address may move a node there. Without authentication anyone can send a hello with
     * its id, from anywhere, and a goodbye from there would then remove it: so a node moves only once its old address
     * has been silent for nodeTimeout, the silence the failure detector takes for death. A node whose address really
     * changed is seen at the new one within nodeTimeout and a hello interval (docs/protocol.md).
     */
    private boolean mayMove(PeerRecord peer, long now) {
        return authenticated(options) || now - peer.lastSeen >= options.nodeTimeout().toMillis();
    }

    /**
     * Whether a node's claim to be master is one the election's rule keeps: fewer than mastersRequired other masters
     * outrank it. Without a key masters are whatever hellos claim; a claim the rule would not keep (its owner steps down
     * at its next check, or it is forged) is neither listed nor reported, and is re-examined at each of its hellos.
     */
    private boolean keepsClaim(PeerRecord claimant) {
        return claimant.master && Election.keepsClaim(claimant, master, weight, id, table.masters(),
                options.mastersRequired());
    }

    /** Tells listeners about the nodes evicted to make room; whether there were any. */
    private boolean publishEvicted(List<PeerRecord> evicted, long now) {
        for (PeerRecord peer : evicted) {
            events.publish(new DiscoveryEvent.NodeRemoved(peer.snapshot(now, scheduler.instant()), RemovalReason.EVICTED));
        }
        return !evicted.isEmpty();
    }

    /** A goodbye counts only from where the node's hellos come from: anyone else could remove any peer with one. */
    private void onGoodbye(Envelope envelope, InetSocketAddress source) throws DroppedDatagram {
        PeerRecord known = table.get(envelope.iid());
        if (known != null && !known.isAt(source)) {
            throw new DroppedDatagram(DropReason.ID_CONFLICT, "a goodbye for " + envelope.iid() + " from " + source
                    + ", but its hellos come from " + known.address + ":" + known.port);
        }
        PeerRecord peer = table.get(envelope.iid());
        if (peer != null) {
            remove(peer, RemovalReason.LEFT);
        }
    }

    private void remove(PeerRecord peer, RemovalReason reason) {
        table.remove(peer.id);
        if (peers != null) {
            peers.forget(peer.id);
        }
        long now = scheduler.millis();
        admission.removed(peer, now);
        events.publish(new DiscoveryEvent.NodeRemoved(peer.snapshot(now, scheduler.instant()), reason));
        elect();
    }

    /**
     * Traffic to the node failed (a refused or reset connection): checks it with the members, who remove it within
     * about twice {@link Suspicion#PROBE_TIMEOUT_MILLIS} if nobody gets an answer. Whether a check runs.
     */
    public boolean reportUnreachable(String nodeId) {
        boolean checking;
        synchronized (lock) {
            checking = running && suspicion != null && suspicion.report(nodeId, scheduler.millis());
        }
        outbox.drain();
        return checking;
    }

    public SuspicionStats suspicionStats() {
        synchronized (lock) {
            return suspicion == null ? new SuspicionStats(0, 0, 0, 0)
                    : new SuspicionStats(suspicion.reports, suspicion.probes, suspicion.confirmed, suspicion.refuted);
        }
    }

    /** The engine as the suspicion protocol sees it; called under the lock. */
    private final class SuspicionHost implements Suspicion.Host {

        @Override
        public @Nullable PeerRecord member(String nodeId) {
            return table.get(nodeId);
        }

        @Override
        public Collection<PeerRecord> members() {
            return table.peers();
        }

        @Override
        public void sendToMembers(String event, Probe probe) {
            queue(new Envelope(event, processId, id, options.hostName(), probe.toJson()));
        }

        @Override
        public void suspected(PeerRecord peer, String suspectedBy, List<String> confirmedBy) {
            events.publish(new DiscoveryEvent.Suspected(peer.snapshot(scheduler.millis(), scheduler.instant()),
                    suspectedBy, confirmedBy));
            remove(peer, RemovalReason.SUSPECTED);
        }

        @Override
        public void refuted(PeerRecord peer, String answeredTo) {
            events.publish(new DiscoveryEvent.SuspicionRefuted(peer.snapshot(scheduler.millis(), scheduler.instant()),
                    answeredTo));
        }

        @Override
        public Scheduler.Timer after(long delay, Runnable task) {
            return Engine.this.after(delay, task);
        }
    }

    private void onMessage(Envelope envelope, @Nullable Object payload, InetSocketAddress source) {
        long now = scheduler.millis();
        PeerRecord peer = table.get(envelope.iid());
        Node sender = peer != null
                ? peer.snapshot(now, scheduler.instant())
                : new Node(envelope.iid(), envelope.hostName(), source.getAddress().getHostAddress(), source.getPort(),
                        false, false, Double.NEGATIVE_INFINITY, null, scheduler.instant(), envelope.pid());
        events.publish(new ChannelMessage(envelope.event(), payload, sender));
    }

    // ---- views -----------------------------------------------------------------------------------------------

    public Node self() {
        synchronized (lock) {
            return new Node(id, options.hostName(), options.bindAddress(), options.port(), master, masterEligible,
                    weight, advertisement, scheduler.instant(), processId, coordination());
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

    /** Every master known, this node first when it is one. */
    public List<Node> masters() {
        synchronized (lock) {
            List<Node> masters = new ArrayList<>();
            if (master) {
                masters.add(self());
            }
            long now = scheduler.millis();
            var wallNow = scheduler.instant();
            for (PeerRecord peer : table.peers()) {
                if (peer.listedMaster) {
                    masters.add(peer.snapshot(now, wallNow));
                }
            }
            return masters;
        }
    }

    public DiscoveryStats stats() {
        OptionalLong kernelDrops = transport.kernelDrops(); // reads a file: not under the lock
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, dropped.get(reason.ordinal()));
        }
        return new DiscoveryStats(received.get(), outbox.sent(), outbox.failures(), drops, kernelDrops);
    }
}
