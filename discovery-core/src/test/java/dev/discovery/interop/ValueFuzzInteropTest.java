package dev.discovery.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.Encryption;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Generated values of every kind pushed through our sending side into a real node-discover 1.2.1 peer and back, plain
 * and with node-discover's aes256 (issue 20): each value either arrives equal, as JSON (numbers compared as the doubles
 * JavaScript reads), or is refused where {@code send} or {@code advertise} is called. Values: Unicode with lone
 * surrogates (keys too), numbers at and beyond a double's range, NaN and infinities, deep nesting, records,
 * java.time values, and sizes at the datagram limit of each framing, as messages and as advertisements in both roles.
 *
 * <p>The seed is new at each run and printed; rerun one with {@code -Dfuzz.seed=N}.
 */
@Tag("slow")
class ValueFuzzInteropTest {

    private static final int CASES = 1_200;
    /** Messages up to this JSON size are echoed back by the peer: its own datagram then fits whatever its cipher. */
    private static final int ECHOED_BYTES = 28_000;
    private static final String KEY = "secret";

    record Sample(String name, long count, double ratio, boolean on, List<String> tags, Instant at, LocalDate day,
            Duration took) {
    }

    record Wrapped(int i, Sample v) {
    }

    /** A generated value; {@code mustRefuse} for values JSON cannot carry. */
    record Case(String kind, Object value, boolean mustRefuse) {
    }

    private final MixedCluster cluster = new MixedCluster();

    @AfterEach
    void stopAll() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "aes256"})
    void everyValueArrivesEqualOrIsRefusedAtTheCall(String framing) {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ValueFuzzInteropTest " + framing + ": seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        try {
            run(framing, seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("ValueFuzzInteropTest " + framing + " failed with seed " + seed
                    + " (rerun with -Dfuzz.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void run(String framing, long seed) {
        boolean keyed = framing.equals("aes256");
        UnaryOperator<DiscoveryOptions.Builder> options = keyed
                ? b -> b.key(KEY).encryption(Encryption.AES256_LEGACY).weight(2.0) : b -> b.weight(2.0);
        Discovery java = cluster.startJava(options);
        Map<Integer, ChannelMessage> echoed = new ConcurrentHashMap<>();
        java.join("fuzz-back", m -> echoed.put(((Number) ((Map<?, ?>) m.payload()).get("i")).intValue(), m));
        NodeDiscoverPeer peer = cluster.startPeer(keyed ? Map.of("key", KEY, "weight", 1) : Map.of("weight", 1));
        peer.command("echo", Map.of("channel", "fuzz-echo", "to", "fuzz-back"));
        peer.command("join", Map.of("channel", "fuzz-big"));
        cluster.awaitFullMesh();

        int jsonLimit = keyed ? 32_751 : DiscoveryOptions.MAX_DATAGRAM_BYTES; // the JSON a datagram holds, worst case
        Generator generator = new Generator(new Random(seed), jsonLimit);
        Map<Integer, Object> expected = new HashMap<>();
        Map<Integer, Boolean> echoExpected = new HashMap<>();
        Map<Integer, Case> cases = new HashMap<>();
        List<Integer> pending = new ArrayList<>();
        int pendingBytes = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generator.next();
            cases.put(i, c);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("i", i);
            payload.put("v", c.value());
            int bytes = NodeDiscoverPeer.JSON.writeValueAsBytes(payload).length;
            boolean echo = bytes <= ECHOED_BYTES;
            try {
                assertThat(java.send(echo ? "fuzz-echo" : "fuzz-big", payload)).isTrue();
            } catch (IllegalArgumentException e) {
                refused++;
                assertRefusalNamesARule(c, e);
                continue;
            }
            assertThat(c.mustRefuse()).as("%s accepted: %s", c.kind(), c.value()).isFalse();
            expected.put(i, js(NodeDiscoverPeer.JSON.valueToTree(c.value())));
            echoExpected.put(i, echo);
            pending.add(i);
            pendingBytes += bytes;
            if (pending.size() >= 20 || pendingBytes > 60_000) { // stays well inside the peer's socket buffer
                awaitArrivals(peer, pending, expected, echoExpected, echoed, cases);
                pending.clear();
                pendingBytes = 0;
            }
            if (i % 25 == 0) {
                advertiseAndCompare(java, peer, i, c);
            }
        }
        awaitArrivals(peer, pending, expected, echoExpected, echoed, cases);
        for (int n = 0; n < 4; n++) {
            advertiseAndCompare(java, peer, CASES + n, generator.atLimit(jsonLimit - 250));
        }
        System.out.println("ValueFuzzInteropTest " + framing + ": " + CASES + " values, " + (CASES - refused)
                + " arrived equal, " + refused + " refused at the call");
        assertThat(CASES - refused).as("values that went out").isGreaterThan(CASES / 2);
        assertThat(java.stats().dataErrors()).as("datagrams of the peer that we could not read").isZero();
    }

    private static void assertRefusalNamesARule(Case c, IllegalArgumentException e) {
        assertThat(e.getMessage()).as("why %s was refused", c.kind()).containsAnyOf("cannot be written as JSON",
                "nested deeper than", "longer than 64 characters", "too large", "Too complex");
    }

    private void awaitArrivals(NodeDiscoverPeer peer, List<Integer> pending, Map<Integer, Object> expected,
            Map<Integer, Boolean> echoExpected, Map<Integer, ChannelMessage> echoed, Map<Integer, Case> cases) {
        if (pending.isEmpty()) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
            Map<Integer, JsonNode> atPeer = new HashMap<>();
            for (JsonNode message : peer.events("message")) {
                JsonNode data = message.get("data");
                if (data.has("i")) {
                    atPeer.put(data.get("i").intValue(), data.get("v"));
                }
            }
            for (int i : pending) {
                Case c = cases.get(i);
                assertThat(atPeer).as("value %d (%s) at the peer", i, c.kind()).containsKey(i);
                assertThat(js(atPeer.get(i))).as("value %d (%s) at the peer", i, c.kind()).isEqualTo(expected.get(i));
                if (echoExpected.get(i)) {
                    assertThat(echoed).as("value %d (%s) back from the peer", i, c.kind()).containsKey(i);
                    ChannelMessage back = echoed.get(i);
                    Object plain = ((Map<?, ?>) back.payload()).get("v");
                    assertThat(js(NodeDiscoverPeer.JSON.valueToTree(plain)))
                            .as("value %d (%s) back from the peer", i, c.kind()).isEqualTo(expected.get(i));
                    if (c.value() instanceof Sample sample) {
                        assertThat(back.payload(Wrapped.class).v()).as("typed read of value %d", i).isEqualTo(sample);
                    }
                }
            }
        });
    }

    /** Advertises a value, as master and as not, and checks what the peer's table holds of it. */
    private void advertiseAndCompare(Discovery java, NodeDiscoverPeer peer, int i, Case c) {
        Map<String, Object> ad = new LinkedHashMap<>();
        ad.put("i", i);
        ad.put("v", c.value());
        try {
            java.advertise(ad);
        } catch (IllegalArgumentException e) {
            assertRefusalNamesARule(c, e);
            return;
        }
        assertThat(c.mustRefuse()).as("%s advertised: %s", c.kind(), c.value()).isFalse();
        Object expected = js(NodeDiscoverPeer.JSON.valueToTree(c.value()));
        for (boolean master : new boolean[] {true, false}) {
            if (master) {
                java.promote();
            } else {
                java.demote(true); // for good, until the next promote(): it would step up again at its next check
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                JsonNode seen = MixedCluster.seenBy(peer, java.id());
                assertThat(seen.path("isMaster").booleanValue(!master)).as("master as the peer sees it").isEqualTo(master);
                assertThat(seen.path("advertisement").path("i").intValue(-1)).as("advertisement %d (%s)", i, c.kind())
                        .isEqualTo(i);
                assertThat(js(seen.get("advertisement").get("v"))).as("advertisement %d (%s)", i, c.kind())
                        .isEqualTo(expected);
            });
        }
        assertThat(java.isRunning()).isTrue();
    }

    /** A JSON value as JavaScript holds it: numbers are doubles (and -0 is written as 0), objects unordered. */
    static Object js(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new HashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), js(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.values().forEach(v -> list.add(js(v)));
            return list;
        }
        if (node.isNumber()) {
            double value = node.isFloat() ? Double.parseDouble(node.asString()) : node.numberValue().doubleValue();
            return value == 0 ? 0.0 : value;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return node.stringValue();
        }
        return node.toString();
    }

    /** Values of every kind, from one seeded random source. */
    static final class Generator {
        private final Random random;
        private final int jsonLimit;

        Generator(Random random, int jsonLimit) {
            this.random = random;
            this.jsonLimit = jsonLimit;
        }

        Case next() {
            return switch (random.nextInt(10)) {
                case 0, 1 -> new Case("string", string(random.nextInt(40)), false);
                case 2 -> number();
                case 3, 4 -> new Case("object", object(3), false);
                case 5 -> nested();
                case 6 -> new Case("record", sample(), false);
                case 7 -> time();
                case 8 -> atLimit(jsonLimit - 120);
                default -> new Case("list", list(3), false);
            };
        }

        /** A string whose message lands within about 150 bytes of the framing's limit, either side. */
        Case atLimit(int around) {
            int length = around - 150 + random.nextInt(300);
            StringBuilder text = new StringBuilder(length);
            boolean wide = random.nextBoolean();
            while (text.length() < length) {
                text.append(wide && random.nextInt(8) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
            }
            return new Case("string at the size limit", text.toString(), false);
        }

        private static final int[][] RANGES = {{0x20, 0x7e}, {0x00, 0x1f}, {0xa0, 0x17f}, {0x4e00, 0x4fff},
                {0xd800, 0xdbff}, {0xdc00, 0xdfff}, {0x2028, 0x2029}, {0xfeff, 0xffff}};

        String string(int length) {
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                switch (random.nextInt(10)) {
                    case 0 -> text.appendCodePoint(0x1F600 + random.nextInt(80)); // a valid pair
                    case 1 -> text.append(random.nextBoolean() ? '"' : '\\');
                    default -> {
                        int[] range = RANGES[random.nextInt(RANGES.length)];
                        text.append((char) (range[0] + random.nextInt(range[1] - range[0] + 1)));
                    }
                }
            }
            return text.toString();
        }

        Case number() {
            return switch (random.nextInt(22)) {
                case 0 -> new Case("NaN", Double.NaN, true);
                case 1 -> new Case("infinity", random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY,
                        true);
                case 2 -> new Case("float NaN", Float.NaN, true);
                case 3 -> new Case("beyond a double", new BigDecimal((random.nextBoolean() ? "" : "-") + "1e"
                        + (309 + random.nextInt(500))), true);
                case 4 -> new Case("below a double", new BigDecimal("1e-" + (400 + random.nextInt(100))), true);
                case 5 -> new Case("max double", random.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE, false);
                case 6 -> new Case("min double", random.nextBoolean() ? Double.MIN_VALUE : Double.MIN_NORMAL, false);
                case 7 -> new Case("negative zero", -0.0, false);
                case 8 -> new Case("long", random.nextLong(), false);
                case 9 -> new Case("long near 2^53", (1L << 53) + random.nextInt(5) - 2, false);
                case 10 -> new Case("big integer", BigInteger.TWO.pow(53 + random.nextInt(200)), false);
                case 11 -> new Case("64 digits", BigInteger.TEN.pow(63), false);
                case 12 -> new Case("65 digits", BigInteger.TEN.pow(64), false); // refused: longer than 64 characters
                case 13 -> new Case("decimal at the top", new BigDecimal("1.7976931348623157e308"), false);
                case 14 -> new Case("decimal", new BigDecimal(random.nextInt(1000) + "." + random.nextInt(1000)), false);
                case 15 -> new Case("float", random.nextFloat() * 1e6f, false);
                case 16 -> new Case("int", random.nextInt(), false);
                case 17 -> new Case("subnormal", Double.longBitsToDouble(random.nextLong(1, 1L << 52)), false);
                default -> {
                    double value;
                    do {
                        value = Double.longBitsToDouble(random.nextLong());
                    } while (!Double.isFinite(value));
                    yield new Case("double", value, false);
                }
            };
        }

        Object leaf() {
            return switch (random.nextInt(6)) {
                case 0 -> string(random.nextInt(12));
                case 1 -> random.nextBoolean();
                case 2 -> null;
                case 3 -> random.nextInt(1000);
                case 4 -> number().value() instanceof Number number && isJson(number) ? number : random.nextDouble();
                default -> random.nextDouble() * 1e10;
            };
        }

        private static boolean isJson(Number number) {
            double value = number.doubleValue();
            return Double.isFinite(value) && !(number instanceof BigDecimal d && value == 0 && d.signum() != 0)
                    && number.toString().length() <= 64;
        }

        Map<String, Object> object(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            int size = random.nextInt(6);
            for (int i = 0; i < size; i++) {
                map.put(string(random.nextInt(8)), depth > 0 && random.nextInt(3) == 0
                        ? (random.nextBoolean() ? object(depth - 1) : list(depth - 1)) : leaf());
            }
            return map;
        }

        List<Object> list(int depth) {
            List<Object> list = new ArrayList<>();
            int size = random.nextInt(6);
            for (int i = 0; i < size; i++) {
                list.add(depth > 0 && random.nextInt(3) == 0 ? object(depth - 1) : leaf());
            }
            return list;
        }

        Case nested() {
            int depth = 1 + random.nextInt(70);
            Object value = leaf();
            for (int i = 0; i < depth; i++) {
                value = random.nextBoolean() ? List.of(value == null ? "null" : value)
                        : Map.of(string(3), value == null ? "null" : value);
            }
            return new Case("nested " + depth, value, false);
        }

        Sample sample() {
            double ratio;
            do {
                ratio = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(ratio));
            return new Sample(string(random.nextInt(20)), random.nextLong(-(1L << 53), 1L << 53), ratio,
                    random.nextBoolean(), List.of(string(3), string(5)),
                    Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)),
                    LocalDate.ofEpochDay(random.nextInt(100_000)), Duration.ofMillis(random.nextLong(0, 1L << 40)));
        }

        Case time() {
            Object value = switch (random.nextInt(5)) {
                case 0 -> Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L),
                        random.nextInt(1_000_000_000));
                case 1 -> LocalDate.ofEpochDay(random.nextInt(1_000_000) - 500_000);
                case 2 -> LocalDateTime.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000),
                        ZoneOffset.UTC);
                case 3 -> OffsetDateTime.ofInstant(Instant.ofEpochMilli(random.nextLong(0, 1L << 42)),
                        ZoneOffset.ofHours(random.nextInt(-12, 13)));
                default -> Duration.ofNanos(random.nextLong());
            };
            return new Case(value.getClass().getSimpleName(), value, false);
        }
    }
}
