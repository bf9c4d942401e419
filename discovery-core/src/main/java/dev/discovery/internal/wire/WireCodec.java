package dev.discovery.internal.wire;

import dev.discovery.DiscoveryOptions;
import dev.discovery.DropReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.exc.StreamConstraintsException;
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

    /**
     * The JSON text of an envelope, before framing: hellos keep it to skip serialising an unchanged state.
     *
     * @throws IllegalArgumentException when receivers would refuse it for holding too many JSON tokens
     */
    public byte[] json(Envelope envelope) {
        JsonNode tree = envelope.toJson();
        int tokens = Json.tokens(tree);
        if (tokens > Json.MAX_TOKENS) {
            throw new IllegalArgumentException("Too complex: the '" + envelope.event() + "' datagram would hold " + tokens
                    + " JSON tokens (brackets, field names, values), but receivers refuse more than " + Json.MAX_TOKENS
                    + ". Advertise or send less (an address and a few fields), and exchange bulk data over your own "
                    + "protocol.");
        }
        return Json.MAPPER.writeValueAsBytes(tree);
    }

    /** See {@link Framing#start}. */
    public void start(long wallMillis) {
        framing.start(wallMillis);
    }

    /** See {@link Framing#awaitingProof}. */
    public boolean awaitingProof() {
        return framing.awaitingProof();
    }

    public byte[] seal(byte[] json, long wallMillis) {
        return framing.seal(json, wallMillis);
    }

    /**
     * Refuses, where the user calls, a value whose datagram could be longer than one datagram holds.
     *
     * @param json the longest JSON text the value rides in (for a hello, the one with both flags false)
     * @param what how the message names the value, such as "Advertisement"
     * @throws IllegalArgumentException when the framing's worst case for that text exceeds a datagram
     */
    public void requireFits(byte[] json, String what) {
        int size = framing.maxSealedLength(json.length);
        if (size > DiscoveryOptions.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(what + " too large: the datagram carrying it could be " + size
                    + " bytes" + (framing instanceof LegacyAesFraming
                            ? " (with node-discover's aes256 every cipher text byte from 0x80 up takes two bytes on the"
                            + " wire, so the worst case is twice the JSON text)" : "")
                    + ", but one datagram holds at most " + DiscoveryOptions.MAX_DATAGRAM_BYTES + ". Advertise or send"
                    + " less (an address and a few fields), and exchange bulk data over your own protocol.");
        }
    }

    /**
     * A datagram read: its envelope, and for a hello {@link HelloReader} read, its data (then not kept as a tree) with
     * the advertisement, if it has one, still as text: the hello's advertisement is then null until {@link
     * Hello#withAdvertisement} sets it.
     */
    public record Read(Envelope envelope, @Nullable Hello hello, @Nullable AdvertisementText advertisement) {
    }

    /**
     * Reads a datagram as the receive path needs it: a hello's fields without a tree of the whole datagram where
     * {@link HelloReader} can, else as {@link #decode} does, with the same drops either way.
     */
    public Read read(byte[] datagram, long wallMillis) throws DroppedDatagram {
        byte[] json = open(datagram, wallMillis);
        Read hello = HelloReader.mayRead(json) ? HelloReader.read(json) : null;
        return hello != null ? hello : new Read(parse(json), null, null);
    }

    public Envelope decode(byte[] datagram, long wallMillis) throws DroppedDatagram {
        return parse(open(datagram, wallMillis));
    }

    /** The JSON text of a datagram, unless it is too large, cannot be opened, or is recognised as our own. */
    private byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
        if (datagram.length > DiscoveryOptions.MAX_DATAGRAM_BYTES) {
            throw new DroppedDatagram(DropReason.OVERSIZED, datagram.length + " bytes");
        }
        byte[] json = framing.open(datagram, wallMillis);
        if (own != null && own.isOwn(json)) {
            throw new DroppedDatagram(DropReason.OWN, "own packet");
        }
        return json;
    }

    private static Envelope parse(byte[] json) throws DroppedDatagram {
        JsonNode tree;
        try {
            tree = Json.readTree(json);
        } catch (StreamConstraintsException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("Token count")
                    ? new DroppedDatagram(DropReason.OVERSIZED, "more than " + Json.MAX_TOKENS + " JSON tokens")
                    : new DroppedDatagram(DropReason.MALFORMED, "not JSON: " + firstLine(e.getMessage()));
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
