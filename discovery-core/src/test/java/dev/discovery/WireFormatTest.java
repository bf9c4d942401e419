package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.internal.engine.Engine;
import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Framing;
import dev.discovery.internal.wire.GcmFraming;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.Json;
import dev.discovery.internal.wire.LegacyAesFraming;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.internal.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The captured node-discover 1.2.1 packets of the shared notes, and our encoding of the same envelope. */
class WireFormatTest {

    static final String HELLO = "{\"event\":\"hello\",\"pid\":\"c59f1d3c-00ee-41fc-a9b5-272c73f4ca26\",\"iid\":\"e703b500-d1cd-46d0-95ee-6efded029f65\",\"hostName\":\"vm\",\"data\":{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":-0.1795802353933,\"address\":\"127.0.0.1\"}}";
    static final String MASTER_HELLO = "{\"event\":\"hello\",\"pid\":\"d0ca26f6-6fe7-4346-8388-f5aae308ddd4\",\"iid\":\"e09f6ac7-9744-4869-b3ca-94a884fb195c\",\"hostName\":\"nodeA\",\"data\":{\"isMaster\":true,\"isMasterEligible\":true,\"weight\":2,\"address\":\"127.0.0.1\",\"advertisement\":{\"svc\":\"nodeA\",\"port\":8080}}}";
    static final String CHAT = "{\"event\":\"chat\",\"pid\":\"86c1ef18-6991-4659-9028-5e1912c27fcd\",\"iid\":\"7a9eb527-6d51-4bb9-8439-7105ccbab345\",\"hostName\":\"nodeB\",\"data\":{\"msg\":\"hi from nodeB\"}}";
    static final String ENCRYPTED_CHAT_HEX = "c3b4c2910537c3b2c2bdc2832f087235c299c2b6c29b45c2ad04c398c3886ac284c2a0092043c3a2c3b4c2bcc29b64767320c3a9c2bf2c0f70763cc39c0dc399327a0942c2984cc39ac3bf21c282332c7d75c2ab2f49c3aac397c3b4c385c28064c28f0544c3a20f436504c397c29c5305c2973ec38215c3923705c28ac39950c2bac3b3c38e7b084ec2b92a2dc3867fc3bc431537c3923bc38bc3be150771c2b1187f11c2854bc3975fc2a81ec396c28cc2ba2b3fc3962b0159c290c2aac39924c29a6922c2a728c3a6c28ac2a7431a030f6704c2bdc286c3a8c2bec3b11d393f0b59c3a8793b";
    static final String ENCRYPTED_CHAT_PLAIN = "{\"event\":\"chat\",\"pid\":\"53f0f8a1-ce10-4bc5-bd92-514ebad44d02\",\"iid\":\"6c987046-7b42-42cb-82f7-7a3b32588cdb\",\"hostName\":\"nodeB\",\"data\":{\"msg\":\"hi from nodeB\"}}";

    private final WireCodec plain = new WireCodec(new PlainFraming());

    @Test
    void aNodeDiscoverHelloDecodesIntoTheNodeFields() throws Exception {
        Envelope envelope = plain.decode(HELLO.getBytes(StandardCharsets.UTF_8), 0);
        assertThat(envelope.event()).isEqualTo("hello");
        assertThat(envelope.iid()).isEqualTo("e703b500-d1cd-46d0-95ee-6efded029f65");
        assertThat(envelope.pid()).isEqualTo("c59f1d3c-00ee-41fc-a9b5-272c73f4ca26");
        assertThat(envelope.hostName()).isEqualTo("vm");
        Hello hello = Hello.fromJson(envelope.data());
        assertThat(hello.master()).isFalse();
        assertThat(hello.masterEligible()).isTrue();
        assertThat(hello.weight()).isEqualTo(-0.1795802353933);
        assertThat(hello.advertisement()).isNull();
    }

    @Test
    void aMasterHelloWithAnAdvertisementDecodes() throws Exception {
        Envelope envelope = plain.decode(MASTER_HELLO.getBytes(StandardCharsets.UTF_8), 0);
        Hello hello = Hello.fromJson(envelope.data());
        assertThat(hello.master()).isTrue();
        assertThat(hello.weight()).isEqualTo(2.0);
        assertThat(Json.toPlain(hello.advertisement())).isEqualTo(java.util.Map.of("svc", "nodeA", "port", 8080));
    }

    @Test
    void aChannelMessageDecodes() throws Exception {
        Envelope envelope = plain.decode(CHAT.getBytes(StandardCharsets.UTF_8), 0);
        assertThat(envelope.event()).isEqualTo("chat");
        assertThat(Json.toPlain(envelope.data())).isEqualTo(java.util.Map.of("msg", "hi from nodeB"));
    }

    @Test
    void aPayloadBecomesTheSamePlainValuesJacksonWouldConvertItTo() throws Exception {
        String data = "{\"i\":7,\"l\":12345678901,\"big\":123456789012345678901234567890,\"d\":-0.5,\"e\":1e300,"
                + "\"s\":\"h\\u00e9\\\"llo\",\"t\":true,\"f\":false,\"n\":null,\"o\":{},\"a\":[],"
                + "\"nested\":[1,[2,{\"k\":[null,\"v\"]}],{\"x\":{\"y\":0.25}}]}";
        JsonNode tree = Json.MAPPER.readTree(data);
        Object walked = Json.toPlain(tree);
        Object converted = Json.MAPPER.convertValue(tree, Object.class);
        assertThat(walked).isEqualTo(converted);
        java.util.Map<?, ?> map = (java.util.Map<?, ?>) walked;
        assertThat(map).isInstanceOf(java.util.LinkedHashMap.class);
        assertThat(List.copyOf(map.keySet())).isEqualTo(List.copyOf(((java.util.Map<?, ?>) converted).keySet()));
        assertThat(map.get("nested")).isInstanceOf(java.util.ArrayList.class);
        for (String key : List.of("i", "l", "big", "d", "e")) {
            assertThat(map.get(key)).as(key).isExactlyInstanceOf(((java.util.Map<?, ?>) converted).get(key).getClass());
        }
        assertThat(Json.toPlain(Json.MAPPER.readTree("\"text\""))).isEqualTo("text");
        assertThat(Json.toPlain(Json.MAPPER.readTree("null"))).isNull();
        assertThat(Json.toPlain(null)).isNull();
    }

    @Test
    void ourHelloIsByteForByteTheShapeNodeDiscoverWrites() throws Exception {
        JsonNode ad = Json.toTree(java.util.Map.of("svc", "nodeA"));
        Envelope envelope = new Envelope("hello", "d0ca26f6-6fe7-4346-8388-f5aae308ddd4",
                "e09f6ac7-9744-4869-b3ca-94a884fb195c", "nodeA", new Hello(true, true, 2, ad).toJson());
        assertThat(new String(plain.encode(envelope, 0), StandardCharsets.UTF_8)).isEqualTo(
                "{\"event\":\"hello\",\"pid\":\"d0ca26f6-6fe7-4346-8388-f5aae308ddd4\",\"iid\":\"e09f6ac7-9744-4869-b3ca-94a884fb195c\",\"hostName\":\"nodeA\",\"data\":{\"isMaster\":true,\"isMasterEligible\":true,\"weight\":2,\"address\":\"127.0.0.1\",\"advertisement\":{\"svc\":\"nodeA\"}}}");
        Envelope defaults = new Envelope("hello", "c59f1d3c-00ee-41fc-a9b5-272c73f4ca26",
                "e703b500-d1cd-46d0-95ee-6efded029f65", "vm", new Hello(false, true, -0.1795802353933, null).toJson());
        assertThat(new String(plain.encode(defaults, 0), StandardCharsets.UTF_8)).isEqualTo(HELLO);
    }

    @Test
    void theLeadFieldRidesInTheHelloDataAndANodeDiscoverHelloHasNone() throws Exception {
        Hello ours = new Hello(false, true, 1, null, new Coordination(7, 5, true, true));
        assertThat(ours.toJson().toString()).isEqualTo("{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1,"
                + "\"address\":\"127.0.0.1\",\"tieBreak\":\"id\",\"lead\":{\"term\":7,\"leads\":5,\"work\":true,\"settled\":true}}");
        assertThat(Hello.fromJson(ours.toJson()).coordination()).isEqualTo(new Coordination(7, 5, true, true));
        assertThat(Hello.fromJson(plain.decode(HELLO.getBytes(StandardCharsets.UTF_8), 0).data()).coordination())
                .isNull();
        for (String bad : List.of("\"lead\":3", "\"lead\":{\"term\":-1}", "\"lead\":{\"term\":1.5}",
                "\"lead\":{\"work\":\"yes\"}")) {
            JsonNode data = Json.MAPPER.readTree("{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1," + bad + "}");
            assertThatThrownBy(() -> Hello.fromJson(data)).as(bad).isInstanceOf(DroppedDatagram.class);
        }
    }

    @Test
    void theDefaultWeightIsNodeDiscoversScaledNegativeStartTime() {
        assertThat(Engine.defaultWeight(1795802353933L)).isEqualTo(-0.1795802353933);
        assertThat(Engine.defaultWeight(1000L)).isLessThan(0).isGreaterThan(Engine.defaultWeight(1795802353933L));
    }

    @Test
    void legacyKeyDerivationMatchesTheTestVector() {
        byte[][] keyAndIv = LegacyAesFraming.evpBytesToKey("secret".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(keyAndIv[0]))
                .isEqualTo("5ebe2294ecd0e0f08eab7690d2a6ee6926ae5cc854e36b6bdfca366848dea6bb");
        assertThat(HexFormat.of().formatHex(keyAndIv[1])).isEqualTo("e8c80b4b831fbb64b0d5c6c8499e541a");
    }

    @Test
    void aCapturedKeyedNodeDiscoverPacketDecryptsAndOursEncryptsTheSame() throws Exception {
        LegacyAesFraming legacy = new LegacyAesFraming("secret");
        byte[] wire = HexFormat.of().parseHex(ENCRYPTED_CHAT_HEX);
        assertThat(new String(legacy.open(wire, 0), StandardCharsets.UTF_8)).isEqualTo(ENCRYPTED_CHAT_PLAIN);
        // Same key, same IV, no nonce: the scheme is deterministic, which is one of its weaknesses.
        assertThat(legacy.seal(ENCRYPTED_CHAT_PLAIN.getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(wire);
    }

    @Test
    void legacyFramingRefusesPlainTextAndForeignKeys() {
        LegacyAesFraming legacy = new LegacyAesFraming("secret");
        assertThatThrownBy(() -> legacy.open(CHAT.getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOfSatisfying(DroppedDatagram.class, d -> assertThat(d.reason()).isEqualTo(DropReason.PLAINTEXT_REFUSED));
        byte[] other = new LegacyAesFraming("other").seal(CHAT.getBytes(StandardCharsets.UTF_8), 0);
        assertThatThrownBy(() -> legacy.open(other, 0))
                .isInstanceOfSatisfying(DroppedDatagram.class, d -> assertThat(d.reason()).isEqualTo(DropReason.DECRYPT_FAILED));
    }

    @Test
    void gcmRoundTripsAndRefusesTamperingTruncationForeignKeysPlainTextAndReplays() throws Exception {
        GcmFraming sender = new GcmFraming(List.of("fleet-key"), 30_000);
        GcmFraming receiver = new GcmFraming(List.of("fleet-key"), 30_000);
        byte[] json = CHAT.getBytes(StandardCharsets.UTF_8);
        byte[] datagram = sender.seal(json, 1_000_000);
        assertThat(receiver.open(datagram, 1_000_010)).isEqualTo(json);

        assertDrop(receiver, datagram, 1_000_020, DropReason.REPLAYED);
        byte[] late = sender.seal(json, 1_000_000);
        assertDrop(receiver, late, 1_000_000 + 30_001, DropReason.REPLAYED);

        byte[] tampered = sender.seal(json, 1_000_000);
        tampered[tampered.length - 20] ^= 1;
        assertDrop(receiver, tampered, 1_000_000, DropReason.DECRYPT_FAILED);
        byte[] truncated = java.util.Arrays.copyOf(sender.seal(json, 1_000_000), datagram.length - 5);
        assertDrop(receiver, truncated, 1_000_000, DropReason.DECRYPT_FAILED);
        assertDrop(new GcmFraming(List.of("other-key"), 30_000), sender.seal(json, 1_000_000), 1_000_000, DropReason.DECRYPT_FAILED);
        assertDrop(receiver, json, 1_000_000, DropReason.PLAINTEXT_REFUSED);
    }

    @Test
    void gcmAcceptsReorderingButNotDuplicates() throws Exception {
        GcmFraming sender = new GcmFraming(List.of("k"), 30_000);
        GcmFraming receiver = new GcmFraming(List.of("k"), 30_000);
        byte[] one = sender.seal("{}".getBytes(), 0);
        byte[] two = sender.seal("{}".getBytes(), 0);
        byte[] three = sender.seal("{}".getBytes(), 0);
        receiver.open(three, 0);
        receiver.open(one, 0);
        receiver.open(two, 0);
        assertDrop(receiver, two, 0, DropReason.REPLAYED);
    }

    @Test
    void keyRotationEveryKeyDecryptsTheFirstEncrypts() throws Exception {
        byte[] json = CHAT.getBytes(StandardCharsets.UTF_8);
        GcmFraming oldOnly = new GcmFraming(List.of("old"), 30_000);
        GcmFraming both = new GcmFraming(List.of("new", "old"), 30_000);
        GcmFraming newOnly = new GcmFraming(List.of("new"), 30_000);
        assertThat(both.open(oldOnly.seal(json, 0), 0)).isEqualTo(json);
        assertThat(newOnly.open(both.seal(json, 0), 0)).isEqualTo(json);
        assertDrop(oldOnly, newOnly.seal(json, 0), 0, DropReason.DECRYPT_FAILED);
    }

    @Test
    void rawBase64KeysAreAcceptedAndBadOnesNamed() throws Exception {
        String raw = "base64:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        GcmFraming a = new GcmFraming(List.of(raw), 30_000);
        assertThat(new GcmFraming(List.of(raw), 30_000).open(a.seal("{}".getBytes(), 0), 0)).isEqualTo("{}".getBytes());
        assertThatThrownBy(() -> DiscoveryOptions.builder().key("base64:AAAA").build())
                .hasMessageContaining("keys").hasMessageContaining("32 bytes");
    }

    @Test
    void junkStartingLikeAnEncryptedDatagramIsMalformedOnANodeWithoutAKey() {
        // Issue 20, item 6: only a datagram that is one of ours, encrypted, means "a keyed node?"; junk is junk.
        java.util.Random random = new java.util.Random(20);
        for (int length : new int[] {1, 2, 17, 60, 200, 1_400}) {
            byte[] junk = new byte[length];
            random.nextBytes(junk);
            junk[0] = (byte) 0xD2;
            assertDrop(new PlainFraming(), junk, 0, DropReason.MALFORMED);
        }
        // A real encrypted datagram is malformed for a node without a key too, and says what it may be.
        byte[] sealed = new GcmFraming(List.of("k"), 30_000).seal(CHAT.getBytes(StandardCharsets.UTF_8), 0);
        assertThatThrownBy(() -> new PlainFraming().open(sealed, 0))
                .isInstanceOfSatisfying(DroppedDatagram.class, d -> assertThat(d.reason()).isEqualTo(DropReason.MALFORMED))
                .hasMessageContaining("no key is configured");
    }

    private static void assertDrop(Framing framing, byte[] datagram, long now, DropReason reason) {
        assertThatThrownBy(() -> framing.open(datagram, now))
                .isInstanceOfSatisfying(DroppedDatagram.class, d -> assertThat(d.reason()).isEqualTo(reason));
    }
}
