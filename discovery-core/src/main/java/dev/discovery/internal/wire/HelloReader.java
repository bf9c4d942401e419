package dev.discovery.internal.wire;

import dev.discovery.Coordination;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.NumberInput;

/**
 * Reads a hello straight from its bytes, without a parser or a tree: hellos are nearly all a node receives, and the
 * parser object, its name matching and the advertisement's tree were most of what each one cost. The advertisement
 * is not built here: its text is handed on ({@link AdvertisementText}), and the engine builds a tree only when the
 * text differs from the one it holds for that node.
 *
 * <p>It reads only the plainest form of a hello, as we and node-discover write it: {@code {"event":"hello",...}}
 * with no whitespace, strings of printable ASCII without escapes, every field known, well-typed, given once and
 * within its limits, numbers well within the parser's length and nesting limits. Anything else, even valid JSON
 * (whitespace, an escape, a non-ASCII character, an unknown or duplicate field, a wrong type, a long number, a deep
 * advertisement), it leaves to the tree decoder ({@link WireCodec#decode}) by answering null. So what it accepts is
 * JSON the parser accepts, read to the same values, and every drop keeps the tree decoder's reason and detail.
 */
final class HelloReader {

    private static final byte[] START = "{\"event\":\"hello\",".getBytes(StandardCharsets.UTF_8);
    /** Well below the parser's limits ({@link Json}), so that nothing read here could be refused there. */
    private static final int MAX_DEPTH = Json.MAX_NESTING / 2;
    private static final int MAX_TOKENS = Json.MAX_TOKENS / 2;
    private static final int MAX_NUMBER_CHARS = Json.MAX_NUMBER_CHARS / 2;
    /** Long.MAX_VALUE has 19 digits. */
    private static final int MAX_LONG_DIGITS = 19;

    private static final byte[] PID = ascii("pid");
    private static final byte[] IID = ascii("iid");
    private static final byte[] HOST_NAME = ascii("hostName");
    private static final byte[] DATA = ascii("data");
    /** The hello's data fields, in the order of the bits that mark them seen. */
    private static final byte[][] HELLO_FIELDS = {ascii("isMaster"), ascii("isMasterEligible"), ascii("weight"),
            ascii("address"), ascii(Hello.TIE_BREAK), ascii(Hello.LEAD), ascii("advertisement")};
    private static final byte[][] LEAD_FIELDS = {ascii("term"), ascii("leads"), ascii("work"), ascii("settled")};
    private static final byte[] BY_ID = ascii(Hello.BY_ID);

    private final byte[] in;
    private int at;
    /** Tokens as the parser counts them (brackets, names, values), and the nesting of the advertisement. */
    private int tokens;

    private HelloReader(byte[] in) {
        this.in = in;
        this.at = START.length;
        this.tokens = 3; // the opening brace, "event" and "hello"
    }

    /** Whether {@link #read} may take this JSON text: it begins as a hello of ours or node-discover's does. */
    static boolean mayRead(byte[] json) {
        return json.length > START.length && Arrays.equals(json, 0, START.length, START, 0, START.length);
    }

    /** The hello in this JSON text, its advertisement still as text, or null when the tree decoder must decide. */
    static WireCodec.@Nullable Read read(byte[] json) {
        try {
            return new HelloReader(json).envelope();
        } catch (Misfit | ArrayIndexOutOfBoundsException e) { // out of bounds: the text ended early
            return null;
        }
    }

    private WireCodec.Read envelope() {
        String pid = null;
        String iid = null;
        String hostName = null;
        Hello hello = null;
        AdvertisementText advertisement = null;
        int seen = 0;
        do {
            int from = name();
            int length = at - 1 - from;
            expect(in[at++] == ':');
            int field = is(from, length, PID) ? 0 : is(from, length, IID) ? 1 : is(from, length, HOST_NAME) ? 2
                    : is(from, length, DATA) ? 3 : -1;
            expect(field >= 0 && (seen & 1 << field) == 0); // a known field, the first time
            seen |= 1 << field;
            switch (field) {
                case 0 -> pid = text(Envelope.MAX_ID_CHARS);
                case 1 -> iid = text(Envelope.MAX_ID_CHARS);
                case 2 -> hostName = text(Envelope.MAX_NAME_CHARS);
                default -> {
                    expect(in[at++] == '{');
                    tokens++;
                    Data data = data();
                    hello = data.hello;
                    advertisement = data.advertisement;
                }
            }
        } while (next());
        // The last brace ends the text; a null pid or host name stays null, as in the tree.
        expect(at == in.length && iid != null && !iid.isEmpty() && hello != null && tokens <= MAX_TOKENS);
        return new WireCodec.Read(new Envelope(Envelope.HELLO, pid, iid, hostName, null), hello, advertisement);
    }

    private record Data(Hello hello, @Nullable AdvertisementText advertisement) {
    }

    /** The hello's data, after its opening brace. */
    private Data data() {
        boolean master = false;
        boolean eligible = false;
        double weight = Double.NEGATIVE_INFINITY; // when absent or null: ranks below every real one
        boolean tieBreakById = false;
        Coordination coordination = null;
        AdvertisementText advertisement = null;
        if (in[at] == '}') {
            at++;
            tokens++;
            return new Data(new Hello(master, eligible, weight, null, false, null), null);
        }
        int seen = 0;
        do {
            int index = field(HELLO_FIELDS, seen);
            seen |= 1 << index;
            switch (index) {
                case 0 -> master = flag();
                case 1 -> eligible = flag();
                case 2 -> weight = weight();
                case 3 -> {
                    tokens++;
                    stringEnd(); // always 127.0.0.1; receivers use the datagram's source
                }
                case 4 -> {
                    tokens++;
                    int from = stringEnd();
                    tieBreakById = is(from, at - 1 - from, BY_ID);
                }
                case 5 -> coordination = lead();
                default -> {
                    int from = at;
                    value(3); // the envelope and the data hold it
                    advertisement = new AdvertisementText(in, from, at);
                }
            }
        } while (next());
        return new Data(new Hello(master, eligible, weight, null, tieBreakById, coordination), advertisement);
    }

    /** The lead field, null or an object: as the tree decoder reads it, or left to it. */
    private @Nullable Coordination lead() {
        if (literal(NULL)) {
            tokens++;
            return null;
        }
        expect(in[at++] == '{');
        tokens++;
        long highest = 0;
        long leads = 0;
        boolean work = false;
        boolean settled = false;
        if (in[at] == '}') {
            at++;
            tokens++;
            return new Coordination(highest, leads, work, settled);
        }
        int seen = 0;
        do {
            int index = field(LEAD_FIELDS, seen);
            seen |= 1 << index;
            switch (index) {
                case 0 -> highest = term();
                case 1 -> leads = term();
                case 2 -> work = flag();
                default -> settled = flag();
            }
        } while (next());
        return new Coordination(highest, leads, work, settled);
    }

    /** A field name among these, not seen before, and its colon: its index. */
    private int field(byte[][] names, int seen) {
        int from = name();
        int length = at - 1 - from;
        expect(in[at++] == ':');
        for (int i = 0; i < names.length; i++) {
            if (is(from, length, names[i])) {
                expect((seen & 1 << i) == 0);
                return i;
            }
        }
        throw Misfit.INSTANCE;
    }

    /** After a value: true on a comma (another field follows), false on the closing brace. */
    private boolean next() {
        byte b = in[at++];
        if (b == ',') {
            return true;
        }
        expect(b == '}');
        tokens++;
        return false;
    }

    /** A field name: where its characters start (the reader is then after its closing quote). */
    private int name() {
        tokens++;
        return stringEnd();
    }

    /** A string of printable ASCII without escapes: where its characters start; the reader is after it. */
    private int stringEnd() {
        expect(in[at++] == '"');
        int from = at;
        while (PLAIN[in[at] & 0xFF]) {
            at++;
        }
        expect(in[at++] == '"');
        return from;
    }

    /** The bytes a string of the plain form holds: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int b = 0x20; b < 0x7F; b++) {
            PLAIN[b] = b != '"' && b != '\\';
        }
    }

    /** A string value within its length, or null. */
    private @Nullable String text(int maxChars) {
        tokens++;
        if (literal(NULL)) {
            return null;
        }
        int from = stringEnd();
        int length = at - 1 - from;
        expect(length <= maxChars);
        return new String(in, from, length, StandardCharsets.ISO_8859_1); // ASCII: one byte, one character
    }

    private boolean flag() {
        tokens++;
        if (literal(TRUE)) {
            return true;
        }
        expect(literal(FALSE) || literal(NULL));
        return false;
    }

    /** The weight as the tree decoder reads it: a JSON null ranks below every real one. */
    private double weight() {
        tokens++;
        if (literal(NULL)) {
            return Double.NEGATIVE_INFINITY;
        }
        int from = at;
        boolean whole = number();
        double weight = whole ? wholeNumber(from) : decimal(from);
        expect(Double.isFinite(weight));
        return weight;
    }

    /** Powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS = new double[23];

    static {
        EXACT_POWERS[0] = 1;
        for (int i = 1; i < EXACT_POWERS.length; i++) {
            EXACT_POWERS[i] = EXACT_POWERS[i - 1] * 10;
        }
    }

    /**
     * The double nearest to the number from {@code from} to here (a fraction or an exponent), as Double.parseDouble
     * gives it. Weights such as -0.1795802353933 have few digits: then the digits are a long below 2^53 and the power
     * of ten a double exactly, so one division or multiplication, rounded once, gives the nearest double (Clinger's
     * fast path) without making a string. Other numbers (the benchmark's weights of 17 digits) are parsed from one.
     */
    private double decimal(int from) {
        boolean negative = in[from] == '-';
        long digits = 0;
        int significant = 0;
        int scale = 0;
        int i = negative ? from + 1 : from;
        for (; i < at && in[i] != 'e' && in[i] != 'E'; i++) {
            if (in[i] == '.') {
                scale = -1;
            } else {
                digits = digits * 10 + (in[i] - '0');
                significant += digits == 0 ? 0 : 1; // leading zeros do not count
                scale -= scale < 0 ? 1 : 0;
            }
        }
        int exponent = scale < 0 ? scale + 1 : 0;
        if (significant <= 15 && i == at && -exponent < EXACT_POWERS.length) {
            double magnitude = digits / EXACT_POWERS[-exponent];
            return negative ? -magnitude : magnitude;
        }
        // The parser's own fast and exact parsing (FastDoubleParser): the nearest double, as Double.parseDouble.
        return NumberInput.parseDouble(new String(in, from, at - from, StandardCharsets.ISO_8859_1), true);
    }

    /** A term: a whole number from 0 up, or null for 0; anything else is left to the tree decoder. */
    private long term() {
        tokens++;
        if (literal(NULL)) {
            return 0;
        }
        int from = at;
        expect(number());
        long term = wholeNumber(from);
        expect(term >= 0);
        return term;
    }

    /**
     * The whole number from {@code from} to here, which {@link #number} checked: one the parser reads as a long (a
     * larger one, Long.MIN_VALUE and -0 are left to it).
     */
    private long wholeNumber(int from) {
        boolean negative = in[from] == '-';
        int i = negative ? from + 1 : from;
        expect(at - i <= MAX_LONG_DIGITS && !(negative && in[i] == '0'));
        long value = 0;
        try {
            for (; i < at; i++) {
                value = Math.addExact(Math.multiplyExact(value, 10), in[i] - '0');
            }
        } catch (ArithmeticException e) {
            throw Misfit.INSTANCE;
        }
        return negative ? -value : value;
    }

    /**
     * A JSON number ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}) of at most {@link #MAX_NUMBER_CHARS}:
     * whether it is whole (no fraction, no exponent), as the parser tells ints from floats.
     */
    private boolean number() {
        int from = at;
        if (in[at] == '-') {
            at++;
        }
        if (in[at] == '0') {
            at++;
        } else {
            expect(digits() > 0);
        }
        boolean whole = true;
        if (in[at] == '.') {
            at++;
            expect(digits() > 0);
            whole = false;
        }
        if (in[at] == 'e' || in[at] == 'E') {
            at++;
            if (in[at] == '+' || in[at] == '-') {
                at++;
            }
            expect(digits() > 0);
            whole = false;
        }
        expect(at - from <= MAX_NUMBER_CHARS);
        return whole;
    }

    private int digits() {
        int from = at;
        while (in[at] >= '0' && in[at] <= '9') {
            at++;
        }
        return at - from;
    }

    /**
     * Any JSON value of the plain form this reader takes (no whitespace, strings of printable ASCII without escapes),
     * at nesting {@code depth}: only checked and stepped over, since the parser reads it again when it is new.
     */
    private void value(int depth) {
        tokens++;
        byte b = in[at];
        if (b == '{' || b == '[') {
            expect(depth < MAX_DEPTH);
            at++;
            byte close = b == '{' ? (byte) '}' : (byte) ']';
            if (in[at] == close) {
                at++;
                tokens++;
                return;
            }
            do {
                if (b == '{') {
                    name();
                    expect(in[at++] == ':');
                }
                value(depth + 1);
            } while (in[at++] == ',');
            expect(in[at - 1] == close);
            tokens++;
        } else if (b == '"') {
            stringEnd();
        } else if (b == '-' || b >= '0' && b <= '9') {
            number();
        } else {
            expect(literal(TRUE) || literal(FALSE) || literal(NULL));
        }
        expect(tokens <= MAX_TOKENS);
    }

    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    /** Whether the literal comes next; if so the reader is after it. */
    private boolean literal(byte[] literal) {
        int end = at + literal.length;
        if (end <= in.length && Arrays.equals(in, at, end, literal, 0, literal.length)) {
            at = end;
            return true;
        }
        return false;
    }

    /** Whether these bytes are the name (a loop: for names this short, faster than Arrays.equals). */
    private boolean is(int from, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static void expect(boolean condition) {
        if (!condition) {
            throw Misfit.INSTANCE;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Not a hello this reader takes; thrown without a stack trace, since it is no error. */
    private static final class Misfit extends RuntimeException {
        static final Misfit INSTANCE = new Misfit();

        private Misfit() {
            super(null, null, false, false);
        }
    }
}
