package dev.discovery.internal.wire;

import dev.discovery.DiscoveryOptions;
import dev.discovery.DropReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Envelopes to datagrams and back, through the configured framing. */
public final class WireCodec {

    private final Framing framing;
    private final @Nullable OwnDatagramFilter own;

    public WireCodec(Framing framing) {
        this(framing, null);
    }

    /** A codec that drops the datagrams {@code own} recognises as OWN before parsing them. */
    public WireCodec(Framing framing, @Nullable OwnDatagramFilter own) {
        this.framing = framing;
        this.own = own;
    }

    public byte[] encode(Envelope envelope, long wallMillis) {
        return seal(json(envelope), wallMillis);
    }

    /** The JSON text of an envelope, before framing: hellos keep it to skip serialising an unchanged state. */
    public byte[] json(Envelope envelope) {
        return Json.MAPPER.writeValueAsBytes(envelope.toJson());
    }

    public byte[] seal(byte[] json, long wallMillis) {
        return framing.seal(json, wallMillis);
    }

    /** The length of the datagram that would carry {@code json}, for size checks that must not seal. */
    public int sealedLength(byte[] json) {
        return framing.sealedLength(json);
    }

    public Envelope decode(byte[] datagram, long wallMillis) throws DroppedDatagram {
        if (datagram.length > DiscoveryOptions.MAX_DATAGRAM_BYTES) {
            throw new DroppedDatagram(DropReason.OVERSIZED, datagram.length + " bytes");
        }
        byte[] json = framing.open(datagram, wallMillis);
        if (own != null && own.isOwn(json)) {
            throw new DroppedDatagram(DropReason.OWN, "own packet");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (RuntimeException e) { // Jackson 3 throws unchecked exceptions; any of them means bad JSON
            throw new DroppedDatagram(DropReason.MALFORMED, "not JSON: " + firstLine(e.getMessage()));
        }
        return Envelope.fromJson(tree);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
