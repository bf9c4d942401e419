package dev.discovery.internal.engine;

import dev.discovery.Coordination;
import dev.discovery.Node;
import dev.discovery.internal.wire.AdvertisementText;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.Json;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What the table knows of one remote node; mutable, touched only under the engine's lock. */
public final class PeerRecord {

    final String id;
    String processId;
    String hostName;
    String address;
    int port;
    /** What its hellos claim; the election counts it. */
    public boolean master;
    /** Whether it is listed and reported as master: its claim, when the election's rule keeps it. */
    boolean listedMaster;
    public boolean masterEligible;
    public double weight;
    /** Whether its hellos say it breaks ties by id (ours do); node-discover's do not. */
    boolean tieBreakById;
    JsonNode advertisementJson;
    /** The text the advertisement came in, when its hello's reader kept it as text ({@link AdvertisementText}). */
    byte @Nullable [] advertisementText;
    Object advertisement;
    long lastSeen;
    Coordination coordination = Coordination.NONE;
    // Kept for Admission and the table's accounting:
    /** Estimated heap of this record, its strings and its advertisement ({@link PeerFootprint}). */
    long footprint;
    /** The advertisement's part of the footprint, kept so that an unchanged advertisement is not walked again. */
    long advertisementBytes;
    /** Hellos heard since it entered the table, and when the first was. */
    int hearings;
    long firstHeard;
    /** 0 until established; then its rank in the order nodes became established (the latest are evicted first). */
    long establishedOrder;
    /** Whether it ever sent a message of the suspicion protocol: only such nodes are ever suspected. */
    boolean answersProbes;
    /** Whether this node announced, since it became established, that it speaks the suspicion protocol. */
    boolean announcedTo;
    /** The source address the table counts it under. */
    String countedAt;

    public PeerRecord(String id) {
        this.id = id;
    }

    /** Whether a hello says something a listener cares about that this record does not hold (lastSeen aside). */
    boolean differs(Envelope envelope, Hello hello, String sourceAddress, int sourcePort) {
        return master != hello.master()
                || masterEligible != hello.masterEligible()
                || Double.compare(weight, hello.weight()) != 0
                || tieBreakById != hello.tieBreakById()
                || !sourceAddress.equals(address)
                || port != sourcePort
                || !Objects.equals(hostName, envelope.hostName())
                || !Objects.equals(processId, envelope.pid())
                || !Objects.equals(advertisementJson, hello.advertisement())
                || !coordination.equals(coordinationOf(hello));
    }

    /** Takes a hello's content, and the text its advertisement came in, if known (held with the tree built from it). */
    void update(Envelope envelope, Hello hello, @Nullable AdvertisementText text, String sourceAddress, int sourcePort,
            long now) {
        if (!Objects.equals(advertisementJson, hello.advertisement())) {
            advertisementJson = hello.advertisement();
            advertisement = Json.toPlain(advertisementJson);
            advertisementText = text == null ? null : text.bytes();
        }
        processId = envelope.pid();
        hostName = envelope.hostName();
        address = sourceAddress;
        port = sourcePort;
        master = hello.master();
        masterEligible = hello.masterEligible();
        weight = hello.weight();
        tieBreakById = hello.tieBreakById();
        coordination = coordinationOf(hello);
        lastSeen = now;
    }

    private static Coordination coordinationOf(Hello hello) {
        return hello.coordination() != null ? hello.coordination() : Coordination.NONE;
    }

    /**
     * Whether a datagram from {@code source} comes from where this node's hellos come from. Without a key anyone can
     * put a node's id in a datagram; only there does one speak for the node (a goodbye, or any message that must come
     * from the member itself), and a hello from elsewhere moves it only under {@link Engine}'s rule.
     */
    public boolean isAt(InetSocketAddress source) {
        return isAt(source.getAddress().getHostAddress(), source.getPort());
    }

    /** {@link #isAt(InetSocketAddress)} for a source whose address text the caller already has (the hello path). */
    boolean isAt(String sourceAddress, int sourcePort) {
        return port == sourcePort && address.equals(sourceAddress);
    }

    boolean established() {
        return establishedOrder > 0;
    }

    long deadline(long nodeTimeout, long masterTimeout) {
        return lastSeen + (master ? masterTimeout : nodeTimeout);
    }

    /** Whether this node outranks one of the given weight and id, by {@link Election}'s rule. */
    boolean outranks(double otherWeight, String otherId) {
        return Election.compare(weight, id, tieBreakById || !master, otherWeight, otherId) > 0;
    }

    Node snapshot(long now, Instant wallNow) {
        return new Node(id, hostName, address, port, listedMaster, masterEligible, weight, advertisement,
                wallNow.minusMillis(now - lastSeen), processId, coordination);
    }
}
