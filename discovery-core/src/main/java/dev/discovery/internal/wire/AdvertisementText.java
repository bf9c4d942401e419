package dev.discovery.internal.wire;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A hello's advertisement as the JSON text it came in, as {@link HelloReader} found it: a node's advertisement rarely
 * changes, so the receiver compares this text with the one it holds for the node, and builds a tree only when it
 * differs. The text is plain JSON the parser takes (the reader checked it), so {@link #tree} reads it as the tree
 * decoder would have read it inside the datagram.
 */
public final class AdvertisementText {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final byte[] json;
    private final int from;
    private final int to;

    AdvertisementText(byte[] json, int from, int to) {
        this.json = json;
        this.from = from;
        this.to = to;
    }

    /** Whether this is the text held: then the tree held for that text serves. */
    public boolean sameAs(byte @Nullable [] held) {
        return held != null && Arrays.equals(json, from, to, held, 0, held.length);
    }

    /** Its length in bytes. */
    public int length() {
        return to - from;
    }

    /** The text, to hold. */
    public byte[] bytes() {
        return Arrays.copyOfRange(json, from, to);
    }

    /** The advertisement as a tree; JSON null (withdrawn) as {@link NullNode}, as in a tree of the whole datagram. */
    public JsonNode tree() {
        return sameAs(NULL) ? NullNode.getInstance() : Json.MAPPER.readTree(json, from, to - from);
    }
}
