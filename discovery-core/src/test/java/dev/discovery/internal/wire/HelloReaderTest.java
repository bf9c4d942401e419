package dev.discovery.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Coordination;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hello reader must read exactly what the tree decoder reads, with the same values, and leave every drop to it:
 * both decoders on the same hellos (ours, node-discover's, odd but valid ones, lone surrogates) and on many broken
 * and mutated variants must give the same envelope and hello, or the same drop reason and detail.
 */
class HelloReaderTest {

    private static final String NODE_DISCOVER = "{\"event\":\"hello\",\"pid\":\"c59f1d3c-00ee-41fc-a9b5-272c73f4ca26\","
            + "\"iid\":\"e703b500-d1cd-46d0-95ee-6efded029f65\",\"hostName\":\"vm\",\"data\":{\"isMaster\":false,"
            + "\"isMasterEligible\":true,\"weight\":-0.1795802353933,\"address\":\"127.0.0.1\"}}";
    private static final String NODE_DISCOVER_MASTER = "{\"event\":\"hello\","
            + "\"pid\":\"d0ca26f6-6fe7-4346-8388-f5aae308ddd4\","
            + "\"iid\":\"e09f6ac7-9744-4869-b3ca-94a884fb195c\",\"hostName\":\"nodeA\",\"data\":{\"isMaster\":true,"
            + "\"isMasterEligible\":true,\"weight\":2,\"address\":\"127.0.0.1\",\"advertisement\":{\"svc\":\"nodeA\","
            + "\"port\":8080}}}";

    private final WireCodec codec = new WireCodec(new PlainFraming());

    /** Valid hellos the reader must take itself (not leave to the tree decoder). */
    private static List<String> valid() {
        List<String> hellos = new ArrayList<>(List.of(NODE_DISCOVER, NODE_DISCOVER_MASTER,
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"tieBreak\":\"weight\"}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"lead\":null}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"lead\":{}}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"lead\":{\"settled\":null,\"term\":null,\"leads\":3}}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"pid\":null,\"hostName\":null,\"data\":{\"isMaster\":null,"
                        + "\"isMasterEligible\":null,\"weight\":null,\"advertisement\":null}}",
                "{\"event\":\"hello\",\"data\":{\"weight\":123456789012,\"isMaster\":true},\"iid\":\"y\"}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"weight\":-0.0,\"advertisement\":\"\"}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"weight\":1e-300,\"advertisement\":[1,2.5,-0,"
                        + "\"x\",{\"a\":[null,true],\"a\":{},\"\":[]},12345678901234567890,1E+2,-0.5e-3]}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"weight\":123456789012345678,\"lead\":"
                        + "{\"term\":999999999999999999,\"leads\":0,\"work\":false,\"settled\":true}}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"weight\":0,\"advertisement\":7}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"weight\":1.5E3,\"advertisement\":false}}",
                "{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"advertisement\":" + "[".repeat(28) + "{}"
                        + "]".repeat(28) + "}}",
                "{\"event\":\"hello\",\"iid\":\"" + "i".repeat(128) + "\",\"hostName\":\"" + "h".repeat(255)
                        + "\",\"data\":{\"weight\":-2147483649}}"));
        Map<String, Object> advertisement = new LinkedHashMap<>();
        advertisement.put("name", "orders");
        advertisement.put("port", 8080);
        advertisement.put("nested", Map.of("list", List.of(1, "two", 3.5)));
        for (double weight : new double[] {0, -0.17, 3, 1e20, -7.5e-12}) {
            Hello hello = new Hello(weight > 1, true, weight, Json.toTree(advertisement), weight != 0,
                    weight > 0 ? new Coordination(Long.MAX_VALUE, (long) weight, true, weight > 1) : null);
            byte[] json = new WireCodec(new PlainFraming())
                    .json(new Envelope(Envelope.HELLO, "p", "i", "h", hello.toJson()));
            hellos.add(new String(json, StandardCharsets.UTF_8));
        }
        return hellos;
    }

    /** Hellos the tree decoder refuses or reads in ways the reader leaves to it. */
    private static List<String> odd() {
        String start = "{\"event\":\"hello\",\"iid\":\"x\",";
        return List.of(
                // Valid, but not in the plain form the reader takes: whitespace, escapes, non-ASCII, -0, long numbers.
                "{\"event\":\"hello\", \"data\" : {\"weight\": 123456789012, \"isMaster\": true}, \"iid\": \"y\"}",
                "{\"event\":\"hello\",\"iid\":\"\\ud800 lone \\udc00 surrogates \\u00e9\",\"hostName\":\"h\\u0000\","
                        + "\"data\":{\"weight\":-0.0,\"address\":\"\\ud83d\",\"advertisement\":{\"s\":\"\\udfff\"}}}",
                "{\"event\":\"hello\",\"iid\":\"é ü 日本\",\"data\":{\"weight\":1e-300,\"advertisement\":[1,2.5,"
                        + "\"x\",{\"a\":[null,true]},12345678901234567890]}}",
                start + "\"data\":{\"advertisement\":{\"name\":\"caf\u00e9\"}}}",
                start + "\"data\":{\"advertisement\":{\"name\":\"a\\\"b\"}}}",
                start + "\"data\":{\"advertisement\":{\"a\":1 }}}",
                start + "\"data\":{\"weight\":-2147483649}}\n",
                start + "\"data\":{\"weight\":-0}}",
                start + "\"data\":{\"weight\":9223372036854775808}}",
                start + "\"data\":{\"lead\":{\"term\":-0}}}",
                start + "\"data\":{\"advertisement\":" + "[".repeat(40) + "]".repeat(40) + "}}",
                start + "\"data\":{\"advertisement\":[" + "1,".repeat(2_100) + "1]}}",
                start + "\"data\":{\"advertisement\":[01]}}",
                start + "\"data\":{\"advertisement\":[1.]}}",
                start + "\"data\":{\"advertisement\":[1,]}}",
                start + "\"data\":{\"advertisement\":{\"a\":1,}}}",
                start + "\"data\":{\"advertisement\":{\"a\"}}}",
                start + "\"data\":{\"advertisement\":tru}}",
                start + "\"data\":{\"advertisement\":{\"a\":1]}}",
                start + "\"data\":{\"advertisement\":[1}}}",
                start + "\"data\":{\"weight\":1,}}",
                start + "\"data\":{\"weight\":1}",
                start + "\"data\":{\"weight\":+1}}",
                start + "\"data\":{\"weight\":.5}}",
                start + "\"data\":{\"weight\":NaN}}",
                start + "\"data\":{\"weight\":1e400}}",
                start + "\"data\":{\"weight\":123456789012345678901234567890}}",
                start + "\"data\":{\"weight\":\"1\"}}",
                start + "\"data\":{\"isMaster\":1}}",
                start + "\"data\":{\"isMaster\":true,\"isMaster\":false}}",
                start + "\"data\":{\"extra\":1}}",
                start + "\"data\":{\"lead\":7}}",
                start + "\"data\":{\"lead\":{\"term\":-1}}}",
                start + "\"data\":{\"lead\":{\"term\":1.5}}}",
                start + "\"data\":{\"lead\":{\"term\":99999999999999999999}}}",
                start + "\"data\":{\"lead\":{\"work\":1}}}",
                start + "\"data\":{\"lead\":{\"other\":1}}}",
                start + "\"data\":{\"lead\":{\"term\":1,\"term\":2}}}",
                start + "\"data\":{\"tieBreak\":1}}",
                start + "\"data\":{\"address\":7}}",
                start + "\"data\":[]}",
                start + "\"data\":null}",
                start + "\"data\":{},\"data\":{\"isMaster\":true}}",
                start + "\"data\":{},\"iid\":\"y\"}",
                start + "\"data\":{},\"event\":\"chat\"}",
                start + "\"data\":{},\"extra\":1}",
                start + "\"pid\":null,\"pid\":\"p\",\"data\":{}}",
                start + "\"pid\":7,\"data\":{}}",
                start + "\"hostName\":\"" + "h".repeat(256) + "\",\"data\":{}}",
                "{\"event\":\"hello\",\"iid\":\"" + "i".repeat(129) + "\",\"data\":{}}",
                "{\"event\":\"hello\",\"iid\":\"\",\"data\":{}}",
                "{\"event\":\"hello\",\"iid\":null,\"data\":{}}",
                "{\"event\":\"hello\",\"data\":{}}",
                "{\"event\":\"hello\",\"iid\":\"x\"}",
                start + "\"data\":{\"address\":\"bad \\q escape\"}}",
                start + "\"data\":{\"advertisement\":{\"a\":\"bad \\x\"}}}",
                start + "\"data\":{}} {}",
                start + "\"data\":{}}}",
                start + "\"data\":{\"advertisement\":[" + "1,".repeat(5_000) + "1]}}",
                start + "\"data\":{\"advertisement\":" + "[".repeat(70) + "]".repeat(70) + "}}",
                start + "\"data\":{\"weight\":" + "1".repeat(70) + "}}");
    }

    @Test
    void readsEveryValidHelloItselfWithTheTreeDecodersValues() {
        for (String hello : valid()) {
            byte[] json = hello.getBytes(StandardCharsets.UTF_8);
            assertThat(HelloReader.mayRead(json)).as(hello).isTrue();
            assertThat(HelloReader.read(json)).as(hello).isNotNull();
            assertSameOutcome(json);
        }
    }

    @Test
    void leavesOddAndBrokenHellosToTheTreeDecoder() {
        for (String hello : odd()) {
            byte[] json = hello.getBytes(StandardCharsets.UTF_8);
            assertThat(HelloReader.read(json)).as(hello).isNull();
            assertSameOutcome(json);
        }
    }

    @Test
    void readsDecimalWeightsAsTheParserDoes() {
        Random random = new Random(7);
        int readByReader = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder weight = new StringBuilder(random.nextBoolean() ? "-" : "");
            weight.append(random.nextInt(4) == 0 ? "0" : Long.toString(random.nextLong(1, Long.MAX_VALUE))
                    .substring(0, 1 + random.nextInt(10)));
            weight.append('.').append("0".repeat(random.nextInt(4)));
            weight.append(Long.toString(random.nextLong(1, Long.MAX_VALUE)), 0, 1 + random.nextInt(17));
            if (random.nextInt(5) == 0) {
                weight.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(-30, 30));
            }
            byte[] json = ("{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"weight\":" + weight + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            WireCodec.Read read = HelloReader.read(json);
            if (read != null) { // numbers over 32 characters are left to the parser
                readByReader++;
                assertThat(read.hello().weight()).as(weight.toString()).isEqualTo(Double.parseDouble(weight.toString()));
            }
            assertSameOutcome(json);
        }
        assertThat(readByReader).isGreaterThan(4_000);
    }

    @Test
    void mutatedHellosGetTheSameOutcomeFromBoth() {
        Random random = new Random(24);
        List<String> seeds = new ArrayList<>(valid());
        seeds.addAll(odd());
        byte[] alphabet = "{}[]\":,\\ 0123456789.eE-+truefalsnul\u00e9x".getBytes(StandardCharsets.UTF_8);
        int readByReader = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] json = seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && json.length > 20; e++) {
                int at = 17 + random.nextInt(json.length - 17); // keep the hello's first bytes most of the time
                byte b = random.nextInt(4) == 0
                        ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                json = switch (random.nextInt(3)) {
                    case 0 -> { json[at] = b; yield json; }
                    case 1 -> concat(json, at, new byte[] {b}, at);
                    default -> concat(json, at, new byte[0], at + 1);
                };
            }
            assertSameOutcome(json);
            readByReader += HelloReader.mayRead(json) && HelloReader.read(json) != null ? 1 : 0;
        }
        // Both ways are exercised: some mutants are still valid hellos (a changed digit or letter), most are not.
        System.out.printf("%,d of 10,000 mutated hellos read by the hello reader, the rest by the tree decoder%n",
                readByReader);
        assertThat(readByReader).isBetween(200, 9_000);
    }

    private static byte[] concat(byte[] json, int cut, byte[] insert, int resume) {
        byte[] out = new byte[cut + insert.length + json.length - resume];
        System.arraycopy(json, 0, out, 0, cut);
        System.arraycopy(insert, 0, out, cut, insert.length);
        System.arraycopy(json, resume, out, cut + insert.length, json.length - resume);
        return out;
    }

    /** The receive path's reading and the tree decoder's agree: the same values, or the same drop. */
    private void assertSameOutcome(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(outcome(() -> {
            WireCodec.Read read = codec.read(json, 0);
            Envelope envelope = read.envelope();
            // The advertisement the receiver builds from the text the reader found (it holds none yet).
            Hello hello = read.hello() == null
                    ? Envelope.HELLO.equals(envelope.event()) ? Hello.fromJson(envelope.data()) : null
                    : read.advertisement() == null ? read.hello()
                    : read.hello().withAdvertisement(read.advertisement().tree());
            return Arrays.asList(envelope.event(), envelope.pid(), envelope.iid(), envelope.hostName(), hello);
        })).as(text).isEqualTo(outcome(() -> {
            Envelope envelope = codec.decode(json, 0);
            Hello hello = Envelope.HELLO.equals(envelope.event()) ? Hello.fromJson(envelope.data()) : null;
            return Arrays.asList(envelope.event(), envelope.pid(), envelope.iid(), envelope.hostName(), hello);
        }));
    }

    private interface Decoding {
        List<Object> run() throws DroppedDatagram;
    }

    private static Object outcome(Decoding decoding) {
        try {
            return decoding.run();
        } catch (DroppedDatagram d) {
            return d.reason() + ": " + d.getMessage();
        }
    }
}
