package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Json;
import dev.discovery.internal.wire.OwnDatagramFilter;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.internal.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our own broadcasts, which come back to us, are recognised by their first bytes and never parsed. */
class OwnDatagramFilterTest {

    private static final String PID = "c59f1d3c-00ee-41fc-a9b5-272c73f4ca26";
    private static final String IID = "e703b500-d1cd-46d0-95ee-6efded029f65";
    private static final String OTHER = "7a9eb527-6d51-4bb9-8439-7105ccbab345";

    private final OwnDatagramFilter own = new OwnDatagramFilter(PID, IID, false);
    private final WireCodec writer = new WireCodec(new PlainFraming());

    private byte[] envelope(String event, String pid, String iid, Object payload) {
        return writer.json(new Envelope(event, pid, iid, "host", Json.toTree(payload)));
    }

    @Test
    void whatThisNodeWritesIsRecognised() {
        assertThat(own.isOwn(envelope("orders", PID, IID, Map.of("n", 1)))).isTrue();
        assertThat(own.isOwn(envelope(Envelope.HELLO, PID, IID, Map.of()))).isTrue();
        assertThat(own.isOwn(envelope("χρόνος ✓", PID, IID, "x"))).isTrue();
    }

    @Test
    void withoutAKeyHellosAndGoodbyesAreLeftToTheEngineWhichTellsOursFromForgedOnes() {
        OwnDatagramFilter spoofable = new OwnDatagramFilter(PID, IID, true);
        assertThat(spoofable.isOwn(envelope(Envelope.HELLO, PID, IID, Map.of()))).isFalse();
        assertThat(spoofable.isOwn(envelope(Envelope.GOODBYE, PID, IID, Map.of()))).isFalse();
        assertThat(spoofable.isOwn(envelope("orders", PID, IID, Map.of("n", 1)))).isTrue();
    }

    @Test
    void anotherInstanceOrProcessIsNot() {
        assertThat(own.isOwn(envelope("orders", PID, OTHER, Map.of("n", 1)))).isFalse();
        assertThat(own.isOwn(envelope("orders", OTHER, IID, Map.of("n", 1)))).isFalse();
        // Our ids inside someone else's payload do not make it ours.
        assertThat(own.isOwn(envelope("orders", OTHER, OTHER, Map.of("pid", PID, "iid", IID)))).isFalse();
        assertThat(own.isOwn(("{\"event\":\"orders\",\"data\":{\"pid\":\"" + PID + "\",\"iid\":\"" + IID + "\"}}")
                .getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void anEscapedEventNameOrAShortOrOddDatagramIsLeftToTheDecoder() {
        assertThat(own.isOwn(envelope("say \"hi\"", PID, IID, "x"))).isFalse();
        for (String odd : new String[] {"", "{", "{\"event\":\"", "{\"event\":\"orders\",\"pid\":\"" + PID, "[1]"}) {
            assertThat(own.isOwn(odd.getBytes(StandardCharsets.UTF_8))).as(odd).isFalse();
        }
    }

    @Test
    void theCodecDropsOwnDatagramsAsOwnWithoutReadingThem() throws Exception {
        WireCodec reader = new WireCodec(new PlainFraming(), own);
        byte[] ours = envelope("orders", PID, IID, Map.of("n", 1));
        // Not even JSON any more (though it looks like an object from outside): never parsed.
        byte[] cut = (new String(ours, StandardCharsets.UTF_8).substring(0, ours.length - 3) + "}")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] datagram : new byte[][] {ours, cut}) {
            assertThatThrownBy(() -> reader.decode(datagram, 0)).isInstanceOfSatisfying(DroppedDatagram.class,
                    d -> assertThat(d.reason()).isEqualTo(DropReason.OWN));
        }
        assertThat(reader.decode(envelope("orders", PID, OTHER, Map.of("n", 1)), 0).iid()).isEqualTo(OTHER);
    }
}
