package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.GcmFraming;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.LegacyAesFraming;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.internal.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzzer on the decoder: whatever bytes arrive, decoding yields a checked envelope or a counted drop, and
 * nothing else escapes. Each case is reproducible from the printed seed ({@code -Dfuzz.seed=N}); more cases with
 * {@code -Dfuzz.cases=N}.
 */
class DecoderFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261127L);
    static final int CASES = Integer.getInteger("fuzz.cases", 5_000);
    private static final byte[] HELLO = WireFormatTest.MASTER_HELLO.getBytes(StandardCharsets.UTF_8);

    private final WireCodec plain = new WireCodec(new PlainFraming());

    /** Decodes as the receive path does, hello data included; the drop reason, or null when accepted. */
    static DropReason decode(WireCodec codec, byte[] datagram) {
        try {
            Envelope envelope = codec.decode(datagram, 0);
            if (Envelope.HELLO.equals(envelope.event())) {
                Hello.fromJson(envelope.data());
            }
            return null;
        } catch (DroppedDatagram d) {
            return d.reason();
        }
    }

    /** Runs {@code property} on {@link #CASES} inputs; a failure names the case's seed. */
    private static <T> void forAll(String name, Function<Random, T> generator, java.util.function.Consumer<T> property) {
        for (int i = 0; i < CASES; i++) {
            long caseSeed = SEED * 1_000_003L + name.hashCode() * 31L + i;
            T input = generator.apply(new Random(caseSeed));
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " failed for case seed " + caseSeed + " (-Dfuzz.seed=" + SEED + ")", e);
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = '{'; // half look like JSON at first sight, to get past the cheapest checks
        }
        return bytes;
    }

    /** Flips 1 to 8 random bits or bytes of a copy. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] copy = original.clone();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return copy;
    }

    @Test
    void randomBytesAreDroppedNeverThrown() {
        forAll("random", DecoderFuzzTest::randomBytes, bytes -> assertThat(decode(plain, bytes)).isNotNull());
    }

    @Test
    void mutatedHellosAreAcceptedOrDroppedNeverThrown() {
        forAll("mutatedHello", random -> mutate(HELLO, random), bytes -> decode(plain, bytes));
    }

    @Test
    void mutatedEncryptedDatagramsAreNeverDecoded() {
        GcmFraming sender = new GcmFraming(List.of("fuzz"), 30_000);
        GcmFraming receiver = new GcmFraming(List.of("fuzz"), 30_000);
        WireCodec codec = new WireCodec(receiver);
        forAll("mutatedGcm", random -> mutate(sender.seal(HELLO, 0), random),
                bytes -> assertThat(decode(codec, bytes)).isIn(DropReason.DECRYPT_FAILED, DropReason.PLAINTEXT_REFUSED));
    }

    @Test
    void mutatedLegacyDatagramsAreDroppedOrDecodedButNeverThrown() {
        LegacyAesFraming legacy = new LegacyAesFraming("fuzz");
        WireCodec codec = new WireCodec(legacy);
        byte[] sealed = legacy.seal(HELLO, 0);
        forAll("mutatedLegacy", random -> mutate(sealed, random), bytes -> decode(codec, bytes));
    }

    @Test
    void hostileShapesAreRefused() {
        forAll("hostile", DecoderFuzzTest::hostileJson, json -> assertThat(decode(plain, json.getBytes(StandardCharsets.UTF_8)))
                .as(json.length() > 200 ? json.substring(0, 200) + "…" : json)
                .isIn(DropReason.MALFORMED, DropReason.INVALID, DropReason.OVERSIZED));
    }

    private static String hostileJson(Random random) {
        String hello = "{\"event\":\"hello\",\"iid\":\"x\",\"data\":";
        switch (random.nextInt(7)) {
            case 0: {
                int depth = 65 + random.nextInt(5_000);
                return hello + "{\"advertisement\":" + "[".repeat(depth) + "]".repeat(depth) + "}}";
            }
            case 1:
                return "{\"event\":\"hello\",\"iid\":\"" + "i".repeat(129 + random.nextInt(60_000)) + "\",\"data\":{}}";
            case 2:
                return "{\"event\":\"" + "e".repeat(256 + random.nextInt(60_000)) + "\",\"iid\":\"x\",\"data\":{}}";
            case 3:
                return hello + "{\"weight\":" + pick(random, "NaN", "Infinity", "-Infinity", "1e400", "-1e999", "\"1\"",
                        "true", "[]", "{}") + "}}";
            case 4:
                return hello + pick(random, "1", "\"x\"", "[]", "null", "true") + "}";
            case 5:
                return "{\"event\":" + pick(random, "1", "[]", "{}", "true", "null", "\"\"") + ",\"iid\":\"x\",\"data\":{}}";
            default:
                return "{\"event\":\"big\",\"iid\":\"x\",\"data\":\"" + "b".repeat(65_508 + random.nextInt(5_000)) + "\"}";
        }
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
