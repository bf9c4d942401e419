package dev.discovery.internal.wire;

import dev.discovery.DiscoveryOptions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the engine, with limits that keep hostile datagrams cheap to refuse. */
public final class Json {

    /** Deep enough for any sensible advertisement, shallow enough that nesting attacks cost nothing. */
    static final int MAX_NESTING = 64;
    /** How deep a value we send may nest: an advertisement sits two levels down (envelope, hello data). */
    static final int MAX_VALUE_NESTING = MAX_NESTING - 2;
    /** Longer numbers are slow to parse, so receivers refuse them; no double or long comes near. */
    static final int MAX_NUMBER_CHARS = 64;

    /**
     * Tokens (brackets, field names, values) one datagram may hold. Decoded, each token costs up to about 150 bytes
     * of heap where it took 2 to 3 on the wire (an empty object in a tree and again as a map), so this bounds what
     * one advertisement or payload costs at about 300 KB; an advertisement of a few dozen fields has under 100.
     */
    public static final int MAX_TOKENS = 4_096;

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(DiscoveryOptions.MAX_DATAGRAM_BYTES)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .maxNameLength(DiscoveryOptions.MAX_DATAGRAM_BYTES)
                            .maxTokenCount(MAX_TOKENS)
                            .build())
                    .build())
            // An object with nothing to write is a mistake (a wrong type passed in), not an empty advertisement.
            .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(ExactIntegers.module())
            .build();

    private Json() {
    }

    /**
     * A user value to send as a JSON tree, refusing what JSON cannot carry and what a receiver would refuse (the read
     * limits above), so that nothing our API accepts is dropped on arrival.
     */
    public static JsonNode toTree(Object value) {
        JsonNode tree;
        try {
            tree = MAPPER.valueToTree(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Value of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        requireReadable(tree, 1);
        return tree;
    }

    private static void requireReadable(JsonNode node, int depth) {
        if (node.isContainer()) {
            if (depth > MAX_VALUE_NESTING) {
                throw new IllegalArgumentException("Value nested deeper than " + MAX_VALUE_NESTING
                        + " levels: receivers refuse it. Flatten it, or send it as a string.");
            }
            for (JsonNode child : node.values()) {
                requireReadable(child, depth + 1);
            }
        } else if (node.isNumber()) {
            if ((node.isBigInteger() || node.isBigDecimal()) && node.asString().length() > MAX_NUMBER_CHARS) {
                throw new IllegalArgumentException("Number " + node.asString() + " is longer than " + MAX_NUMBER_CHARS
                        + " characters: receivers refuse it. Send it as a string.");
            }
            requireDouble(node);
        }
    }

    /**
     * JSON has no NaN or infinity (Jackson would write them as the strings "NaN", "Infinity"), and a number beyond a
     * double's range reaches JavaScript peers, and Jackson's own readers, as an infinity or a zero.
     */
    private static void requireDouble(JsonNode number) {
        if (!number.isFloatingPointNumber()) {
            return;
        }
        double value = number.numberValue().doubleValue(); // a decimal node's own doubleValue() throws out of range
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Number " + number.asString() + " cannot be written as JSON"
                    + (number.isDouble() || number.isFloat()
                            ? " (JSON has no NaN or infinity)" : " as a double: it is beyond a double's range")
                    + ". Send it as a string, or leave it out.");
        }
        if (value == 0 && number.isBigDecimal() && number.decimalValue().signum() != 0) {
            throw new IllegalArgumentException("Number " + number.asString() + " cannot be written as JSON as a "
                    + "double: it is closer to zero than a double can be, and readers would take it for 0. Send it as"
                    + " a string.");
        }
    }

    /**
     * A JSON document read into a tree. node-discover (JSON.stringify) escapes a lone surrogate as {@code \ud800},
     * in values and object keys alike; Jackson's byte parser reads such a value but refuses such a key ("broken
     * surrogate pair in property name") where its char parser takes both, so a document refused for that is read
     * again, as text. Bytes that are not UTF-8 stay refused.
     */
    public static JsonNode readTree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            if (e.getMessage() == null || !e.getMessage().contains("surrogate")) {
                throw e;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString();
            } catch (CharacterCodingException notUtf8) {
                throw e;
            }
            return MAPPER.readTree(text);
        }
    }

    /** The tokens a parser reads for this tree: brackets, field names and values, as {@link #MAX_TOKENS} counts them. */
    public static int tokens(JsonNode node) {
        if (node.isObject()) {
            int tokens = 2;
            for (var field : node.properties()) {
                tokens += 1 + tokens(field.getValue());
            }
            return tokens;
        }
        if (node.isArray()) {
            int tokens = 2;
            for (JsonNode element : node.values()) {
                tokens += tokens(element);
            }
            return tokens;
        }
        return 1;
    }

    /**
     * A JSON tree as plain Java values: maps, lists, strings, numbers, booleans, null. The same values
     * {@code convertValue(node, Object.class)} gives (LinkedHashMap, ArrayList, Integer, Long, BigInteger, Double), but
     * by walking the tree: every received message goes through here, and the conversion writes the whole tree into a
     * token buffer and reads it back.
     */
    public static @Nullable Object toPlain(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), toPlain(field.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node.values()) {
                    list.add(toPlain(element));
                }
                yield list;
            }
            case STRING -> node.stringValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isInt() || node.isLong() || node.isBigInteger() || node.isDouble()
                    ? node.numberValue()
                    : MAPPER.convertValue(node, Object.class); // floats and decimals: only built locally, rare
            default -> MAPPER.convertValue(node, Object.class); // binary and POJO nodes: only built locally
        };
    }

    public static <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            return null;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return MAPPER.convertValue(value, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot convert " + abbreviate(String.valueOf(value)) + " to "
                    + type.getName() + ": " + abbreviate(e.getOriginalMessage()), e);
        }
    }

    /** A payload can be 64 KB, and this message lands in logs. */
    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
