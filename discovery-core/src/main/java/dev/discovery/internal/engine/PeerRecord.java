package dev.discovery.internal.engine;

import dev.discovery.Node;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.Json;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** What the table knows of one remote node; mutable, touched only under the engine's lock. */
public final class PeerRecord {

    final String id;
    String processId;
    String hostName;
    String address;
    int port;
    public boolean master;
    public boolean masterEligible;
    public double weight;
    /** Whether its hellos say it breaks ties by id (ours do); node-discover's do not. */
    boolean tieBreakById;
    JsonNode advertisementJson;
    Object advertisement;
    long lastSeen;
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
                || !Objects.equals(advertisementJson, hello.advertisement());
    }

    /** Takes a hello's content. */
    void update(Envelope envelope, Hello hello, String sourceAddress, int sourcePort, long now) {
        if (!Objects.equals(advertisementJson, hello.advertisement())) {
            advertisementJson = hello.advertisement();
            advertisement = Json.toPlain(advertisementJson);
        }
        processId = envelope.pid();
        hostName = envelope.hostName();
        address = sourceAddress;
        port = sourcePort;
        master = hello.master();
        masterEligible = hello.masterEligible();
        weight = hello.weight();
        tieBreakById = hello.tieBreakById();
        lastSeen = now;
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
        return new Node(id, hostName, address, port, master, masterEligible, weight, advertisement,
                wallNow.minusMillis(now - lastSeen), processId);
    }
}
