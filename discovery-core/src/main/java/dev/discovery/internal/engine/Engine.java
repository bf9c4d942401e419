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
import java.util.Objects;
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
    private final Admission admission;
    private final long helloInterval;
    private final long checkInterval;

    /** Serialises start and stop as wholes, socket and threads included; taken before {@link #lock}, never after. */
    private final Object lifecycle = new Object();
    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private boolean running;
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
    private long startedAt;
    private long received;
    private long sent;
    private long sendFailures;
    private final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);

    public Engine(DiscoveryOptions options, Transport transport, Scheduler scheduler, String id, String processId) {
        this.options = options;
        this.transport = transport;
        this.scheduler = scheduler;
        this.events = new EventBus(scheduler);
        this.id = id;
        this.processId = processId;
        this.codec = new WireCodec(Framing.forOptions(options));
        this.table = new NodeTable(options.nodeTimeout().toMillis(), options.masterTimeout().toMillis());
        this.helloInterval = options.helloInterval().toMillis();
        this.admission = new Admission(table, options.maxNodes(), options.maxTableBytes(), helloInterval);
        this.checkInterval = options.checkInterval().toMillis();
        this.masterEligible = options.masterEligible();
        this.weight = options.weight() != null ? options.weight() : defaultWeight(scheduler.instant().toEpochMilli());
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
        synchronized (lock) {
            if (running) {
                return;
            }
            scheduler.start();
            codec.start(scheduler.instant().toEpochMilli());
            try {
                transport.start(this::receive);
            } catch (IOException | RuntimeException e) {
                scheduler.stop();
                throw e;
            }
            running = true;
            generation++;
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
            startedAt = now;
            if (!options.client()) {
                sendHello();
                nextHelloAt = now + helloInterval;
                helloTimer = after(helloInterval, this::helloTick);
            } else {
                helloTimer = after(helloInterval, this::probeTick);
            }
            checkTimer = after(checkInterval, this::checkTick);
        }
    }

    public void stop() {
        // A listener that stops its node while another thread is stopping it must not wait for that thread,
        // which may be waiting for the listener's own event thread to finish.
        if (!isRunning()) {
            return;
        }
        synchronized (lifecycle) {
            stopLocked();
        }
    }

    private void stopLocked() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            if (!options.client()) {
                send(new Envelope(Envelope.GOODBYE, processId, id, options.hostName(),
                        Json.MAPPER.createObjectNode().put("reason", "stopped")));
            }
            running = false;
            generation++;
            cancelTimers();
            table.clear();
            admission.clear();
            if (master) {
                master = false;
                helloJson = null;
                events.publish(new DiscoveryEvent.Demoted(self()));
            }
        }
        transport.stop();
        scheduler.stop();
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
                    task.run();
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

    /**
     * A node that sends no hellos proves nothing to its peers; with a key, when it refused datagrams that might be a
     * replay from before it started, it asks its peers to name it (see {@link Envelope#PROBE}). Only as long as such
     * datagrams can be inside the replay window.
     */
    private void probeTick() {
        if (codec.awaitingProof()) {
            send(new Envelope(Envelope.PROBE, processId, id, options.hostName(), null));
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
            int size = codec.sealedLength(json);
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
        transmit(codec.seal(helloJson, scheduler.instant().toEpochMilli()));
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
            log.warn("Discovery could not send a datagram: {}", e.toString());
            return false;
        }
    }

    // ---- receiving -------------------------------------------------------------------------------------------

    /** The receive path: nothing thrown here may reach the transport, whatever the datagram holds. */
    public void receive(byte[] data, InetSocketAddress source) {
        synchronized (lock) {
            if (!running) {
                return;
            }
            received++;
            try {
                Envelope envelope = codec.decode(data, scheduler.instant().toEpochMilli());
                if (id.equals(envelope.iid())
                        || (options.ignore() == Ignore.PROCESS && processId.equals(envelope.pid()))) {
                    throw new DroppedDatagram(DropReason.OWN, "own packet");
                }
                switch (envelope.event()) {
                    case Envelope.HELLO -> onHello(envelope, Hello.fromJson(envelope.data()), source);
                    case Envelope.GOODBYE -> onGoodbye(envelope);
                    case Envelope.PROBE -> { } // answered by the framing, which names its sender back
                    default -> onMessage(envelope, source);
                }
            } catch (DroppedDatagram d) {
                drop(d.reason(), source, d.getMessage());
            } catch (RuntimeException e) {
                log.debug("Unexpected failure on a datagram from {}", source, e);
                drop(DropReason.MALFORMED, source, e.toString());
            }
        }
    }

    private void drop(DropReason reason, InetSocketAddress source, String detail) {
        dropped.merge(reason, 1L, Long::sum);
        if (reason.isDataError() && !options.ignoreDataErrors()) {
            events.publish(new DiscoveryEvent.DataError(reason, source, detail));
        }
    }

    private void onHello(Envelope envelope, Hello hello, InetSocketAddress source) throws DroppedDatagram {
        long now = scheduler.millis();
        String address = source.getAddress().getHostAddress();
        PeerRecord peer = table.get(envelope.iid());
        boolean evicted;
        if (peer == null) {
            peer = new PeerRecord(envelope.iid());
            long advertisementBytes = PeerFootprint.advertisement(hello.advertisement());
            peer.footprint = PeerFootprint.of(peer.id, envelope.pid(), envelope.hostName(), address, advertisementBytes);
            evicted = publishEvicted(admission.enter(peer, address, now), now);
            peer.update(envelope, hello, address, source.getPort(), now);
            peer.advertisementBytes = advertisementBytes;
            Node node = peer.snapshot(now, scheduler.instant());
            events.publish(new DiscoveryEvent.NodeAdded(node));
            if (peer.master) {
                events.publish(new DiscoveryEvent.MasterElected(node));
            }
        } else if (peer.differs(envelope, hello, address, source.getPort())) {
            long advertisementBytes = Objects.equals(peer.advertisementJson, hello.advertisement())
                    ? peer.advertisementBytes : PeerFootprint.advertisement(hello.advertisement());
            long footprint = PeerFootprint.of(peer.id, envelope.pid(), envelope.hostName(), address, advertisementBytes);
            evicted = publishEvicted(admission.resize(peer, footprint), now);
            boolean wasMaster = peer.master;
            Node before = peer.snapshot(now, scheduler.instant());
            peer.update(envelope, hello, address, source.getPort(), now);
            peer.advertisementBytes = advertisementBytes;
            table.resize(peer, footprint);
            Node after = peer.snapshot(now, scheduler.instant());
            events.publish(new DiscoveryEvent.NodeUpdated(before, after));
            if (peer.master && !wasMaster) {
                events.publish(new DiscoveryEvent.MasterElected(after));
            }
        } else {
            peer.lastSeen = now; // the common hello: nothing new, no snapshots, no events
            evicted = false;
        }
        table.heard(peer);
        admission.heard(peer, now);
        armExpiry(table.deadline(peer));
        if (evicted) {
            elect(); // an evicted master is replaced at once
        }
    }

    /** Tells listeners about the nodes evicted to make room; whether there were any. */
    private boolean publishEvicted(List<PeerRecord> evicted, long now) {
        for (PeerRecord peer : evicted) {
            events.publish(new DiscoveryEvent.NodeRemoved(peer.snapshot(now, scheduler.instant()), RemovalReason.EVICTED));
        }
        return !evicted.isEmpty();
    }

    private void onGoodbye(Envelope envelope) {
        PeerRecord peer = table.remove(envelope.iid());
        if (peer != null) {
            long now = scheduler.millis();
            admission.removed(peer, now);
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
        synchronized (lock) {
            return new DiscoveryStats(received, sent, sendFailures, dropped);
        }
    }
}
