package dev.discovery.internal.engine;

import dev.discovery.internal.wire.AdvertisementText;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The heap one peer holds in the table, estimated for the {@code maxTableBytes} budget: its record, its strings, and
 * its advertisement twice, as a JSON tree (to compare hellos) and as plain Java values (for listeners). The figures
 * are those of a 64-bit JVM with compressed references (12-byte headers, 8-byte alignment), rounded up so that the
 * estimate stays above the measured heap for every shape a datagram can carry; {@code HostileMemoryTest} measures.
 */
final class PeerFootprint {

    /** The record, its entries in the table's maps, and the map entries that count it. */
    static final long RECORD = 512;
    /** A String object and its array's header; plus 2 bytes per character (Latin-1 strings take 1). */
    private static final long STRING = 40;
    /** A string node; its String is shared with the plain value. */
    private static final long STRING_NODE = 16;
    /** An empty object: an ObjectNode and its LinkedHashMap, and the LinkedHashMap it converts to. */
    private static final long OBJECT = 192;
    /** The hash tables of both maps, from the first field on. */
    private static final long TABLES = 2 * 80;
    /** Per field, in the tree's map and the plain map: an entry and a table slot, twice. */
    private static final long FIELD = 2 * (40 + 8);
    /** An array: an ArrayNode and its ArrayList, and the ArrayList it converts to, with their first arrays. */
    private static final long ARRAY = 192;
    /** Per element of an array: a slot in each list, with room for growth. */
    private static final long ELEMENT = 2 * 8;
    /** A number node and the boxed number it converts to. */
    private static final long NUMBER = 24 + 24;
    /** A byte array's header. */
    private static final long ARRAY_HEADER = 16;
    /** A big number (up to 64 digits): a node, a BigInteger or BigDecimal and its magnitude array, twice. */
    private static final long BIG_NUMBER = 2 * 128;

    private PeerFootprint() {
    }

    /** What a peer with these strings and an advertisement of {@code advertisementBytes} holds. */
    static long of(String id, String processId, String hostName, String address, long advertisementBytes) {
        return RECORD + string(id) + string(processId) + string(hostName) + string(address) + advertisementBytes;
    }

    /** What an advertisement holds, tree and plain values together, and the text it came in if that is held. */
    static long advertisement(JsonNode node, @Nullable AdvertisementText text) {
        return advertisement(node) + (text == null ? 0 : ARRAY_HEADER + (text.length() + 7) / 8 * 8);
    }

    /** What an advertisement holds, tree and plain values together; nothing for none. */
    static long advertisement(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isObject()) {
            long bytes = OBJECT + (node.isEmpty() ? 0 : TABLES);
            for (var field : node.properties()) {
                bytes += FIELD + string(field.getKey()) + advertisement(field.getValue());
            }
            return bytes;
        }
        if (node.isArray()) {
            long bytes = ARRAY;
            for (JsonNode element : node.values()) {
                bytes += ELEMENT + advertisement(element);
            }
            return bytes;
        }
        if (node.isString()) {
            return STRING_NODE + string(node.stringValue());
        }
        if (node.isBigInteger() || node.isBigDecimal()) {
            return BIG_NUMBER;
        }
        return node.isNumber() ? NUMBER : 0; // true, false and null are shared instances
    }

    private static long string(String value) {
        return value == null ? 0 : STRING + 2L * value.length();
    }
}
