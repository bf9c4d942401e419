package dev.discovery.internal.wire;

import dev.discovery.Coordination;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.NullNode;

/**
 * Reads a hello's known fields straight from the parser's tokens, without building a tree of the whole datagram:
 * hellos are nearly all a node receives, and the tree (maps, nodes, a deserialization context) was most of what each
 * one cost. Only the advertisement, which a listener sees as a value, is read as a tree.
 *
 * <p>It reads only a hello written as we and node-discover write it ({@code {"event":"hello",...}}) with every field
 * well-typed and within its limits, and leaves anything else to the tree decoder ({@link WireCodec#decode}), by
 * answering null: a duplicate or unknown field, a wrong type, a missing id, an over-long name, bad JSON anywhere. So
 * what it accepts is exactly what the tree decoder accepts with the same values, and every drop keeps the tree
 * decoder's reason and detail. It uses the same parser with the same limits (tokens, nesting, number length), and
 * reads every string to its end, so an invalid escape or byte is never skipped over unseen.
 */
final class HelloReader {

    private static final byte[] START = "{\"event\":\"hello\",".getBytes(StandardCharsets.UTF_8);
    /** Reads the advertisement as a tree, the parser going on after it (tokens follow, which a root read refuses). */
    private static final ObjectReader ADVERTISEMENT = Json.MAPPER.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The field names, matched on the parser's bytes as Jackson's own deserializers match theirs: a name that is not
     * one of them, or not a name at all, matches as a negative number.
     */
    private static final PropertyNameMatcher ENVELOPE = BinaryNameMatcher.construct(
            List.of("pid", "iid", "hostName", "data"));
    private static final PropertyNameMatcher DATA = BinaryNameMatcher.construct(
            List.of("isMaster", "isMasterEligible", "weight", "address", Hello.TIE_BREAK, Hello.LEAD, "advertisement"));
    private static final PropertyNameMatcher LEAD = BinaryNameMatcher.construct(
            List.of("term", "leads", "work", "settled"));

    private HelloReader() {
    }

    /** Whether {@link #read} may take this JSON text: it begins as a hello of ours or node-discover's does. */
    static boolean mayRead(byte[] json) {
        return json.length > START.length && Arrays.equals(json, 0, START.length, START, 0, START.length);
    }

    /** The hello in this JSON text, or null when the tree decoder must decide. */
    static WireCodec.@Nullable Read read(byte[] json) {
        // From the mapper's factory (same limits), not the mapper, which makes a deserialization context per parser.
        try (JsonParser parser = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), json)) {
            return read(parser);
        } catch (Misfit | JacksonException e) {
            return null; // the tree decoder finds the same fault, and drops it with its reason
        }
    }

    private static WireCodec.Read read(JsonParser parser) {
        expect(parser.nextToken() == JsonToken.START_OBJECT && "event".equals(parser.nextName())
                && parser.nextToken() == JsonToken.VALUE_STRING && Envelope.HELLO.equals(parser.getString()));
        String pid = null;
        String iid = null;
        String hostName = null;
        Hello hello = null;
        for (int field = parser.nextNameMatch(ENVELOPE); field != PropertyNameMatcher.MATCH_END_OBJECT;
                field = parser.nextNameMatch(ENVELOPE)) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case 0 -> {
                    expect(pid == null);
                    pid = text(parser, value, Envelope.MAX_ID_CHARS);
                }
                case 1 -> {
                    expect(iid == null);
                    iid = text(parser, value, Envelope.MAX_ID_CHARS);
                }
                case 2 -> {
                    expect(hostName == null);
                    hostName = text(parser, value, Envelope.MAX_NAME_CHARS);
                }
                case 3 -> {
                    expect(hello == null && value == JsonToken.START_OBJECT);
                    hello = data(parser);
                }
                default -> throw Misfit.INSTANCE;
            }
        }
        // A null pid or host name stays null, as in the tree; a second one, even null, is left to the tree decoder.
        expect(iid != null && iid != NULL && !iid.isEmpty() && hello != null && parser.nextToken() == null);
        return new WireCodec.Read(new Envelope(Envelope.HELLO, pid == NULL ? null : pid, iid,
                hostName == NULL ? null : hostName, null), hello);
    }

    /** The hello's data, the parser on its opening brace. */
    private static Hello data(JsonParser parser) {
        boolean master = false;
        boolean eligible = false;
        double weight = Double.NEGATIVE_INFINITY; // when absent or null: ranks below every real one
        boolean tieBreakById = false;
        Coordination coordination = null;
        JsonNode advertisement = null;
        int seen = 0;
        for (int index = parser.nextNameMatch(DATA); index != PropertyNameMatcher.MATCH_END_OBJECT;
                index = parser.nextNameMatch(DATA)) {
            expect(index >= 0 && (seen & 1 << index) == 0); // a known field, the first time
            seen |= 1 << index;
            JsonToken value = parser.nextToken();
            switch (index) {
                case 0 -> master = flag(value);
                case 1 -> eligible = flag(value);
                case 2 -> weight = weight(parser, value);
                case 3 -> {
                    expect(value == JsonToken.VALUE_STRING);
                    parser.getStringCharacters(); // read to its end, as the tree decoder does; the value is unused
                }
                case 4 -> {
                    expect(value == JsonToken.VALUE_STRING); // anything else is left to the tree decoder
                    tieBreakById = Hello.BY_ID.equals(parser.getString());
                }
                case 5 -> coordination = value == JsonToken.VALUE_NULL ? null : lead(parser, value);
                default -> advertisement = value == JsonToken.VALUE_NULL
                        ? NullNode.getInstance() : ADVERTISEMENT.readValue(parser);
            }
        }
        return new Hello(master, eligible, weight, advertisement, tieBreakById, coordination);
    }

    /** The lead field, the parser on its opening brace: as the tree decoder reads it, or left to it. */
    private static Coordination lead(JsonParser parser, JsonToken value) {
        expect(value == JsonToken.START_OBJECT);
        long highest = 0;
        long leads = 0;
        boolean work = false;
        boolean settled = false;
        int seen = 0;
        for (int index = parser.nextNameMatch(LEAD); index != PropertyNameMatcher.MATCH_END_OBJECT;
                index = parser.nextNameMatch(LEAD)) {
            expect(index >= 0 && (seen & 1 << index) == 0);
            seen |= 1 << index;
            JsonToken field = parser.nextToken();
            switch (index) {
                case 0 -> highest = term(parser, field);
                case 1 -> leads = term(parser, field);
                case 2 -> work = flag(field);
                default -> settled = flag(field);
            }
        }
        return new Coordination(highest, leads, work, settled);
    }

    /** A term: a whole number from 0 to Long.MAX_VALUE, or null for 0; anything else is left to the tree decoder. */
    private static long term(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        expect(value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
        long term = parser.getLongValue();
        expect(term >= 0);
        return term;
    }

    /** Stands for a JSON null read, so that a field given twice is noticed even when the first was null. */
    private static final String NULL = new String("null");

    /** A string field within its length, or {@link #NULL}. */
    private static String text(JsonParser parser, JsonToken value, int maxChars) {
        if (value == JsonToken.VALUE_NULL) {
            return NULL;
        }
        expect(value == JsonToken.VALUE_STRING);
        String text = parser.getString();
        expect(text.length() <= maxChars);
        return text;
    }

    private static boolean flag(JsonToken value) {
        expect(value.isBoolean() || value == JsonToken.VALUE_NULL);
        return value == JsonToken.VALUE_TRUE;
    }

    /** The weight as the tree decoder reads it: a JSON null ranks below every real one. */
    private static double weight(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return Double.NEGATIVE_INFINITY;
        }
        double weight = switch (value) {
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> parser.getIntValue();
                case LONG -> parser.getLongValue();
                default -> throw Misfit.INSTANCE; // a BigInteger: its double is left to the tree decoder
            };
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            default -> throw Misfit.INSTANCE;
        };
        expect(Double.isFinite(weight));
        return weight;
    }

    private static void expect(boolean condition) {
        if (!condition) {
            throw Misfit.INSTANCE;
        }
    }

    /** Not a hello this reader takes; thrown without a stack trace, since it is no error. */
    private static final class Misfit extends RuntimeException {
        static final Misfit INSTANCE = new Misfit();

        private Misfit() {
            super(null, null, false, false);
        }
    }
}
