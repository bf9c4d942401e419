package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.internal.wire.WireCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nothing we send is lost or changed without an error: what cannot arrive as sent is refused where the user calls. */
class WireValuesTest {

    record Counter(long count) {
    }

    private final SimCluster cluster = new SimCluster(20);
    private final SimNode a = cluster.add(1);
    private final SimNode b = cluster.add(2);
    private final List<ChannelMessage> atB = new ArrayList<>();

    private void startBoth() {
        b.discovery.join("chat", atB::add);
        cluster.startAll();
        cluster.run(Duration.ofMillis(1100));
        assertThat(b.peerIds()).containsExactly(a.id);
    }

    @Test
    void aLoneSurrogateInAKeyOrValueArrives() {
        startBoth();
        Map<String, Object> payload = Map.of("k\uD800", "v\uDC00", "plain", List.of("\uDBFF"));
        assertThat(a.discovery.send("chat", payload)).isTrue();
        a.discovery.advertise(Map.of("name\uDFFF", "x"));
        cluster.run(Duration.ofMillis(3000));
        assertThat(atB).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo(payload));
        assertThat(b.discovery.node(a.id).orElseThrow().advertisementMap()).containsEntry("name\uDFFF", "x");
        assertThat(b.discovery.stats().dataErrors()).isZero();
        assertThat(b.events(DiscoveryEvent.NodeRemoved.class)).isEmpty();
    }

    @Test
    void aDatagramAsNodeDiscoverWritesALoneSurrogateKeyIsRead() throws Exception {
        // JSON.stringify escapes a lone surrogate, in keys as in values.
        String json = "{\"event\":\"chat\",\"pid\":\"p\",\"iid\":\"i\",\"hostName\":\"h\","
                + "\"data\":{\"\\ud800\":\"\\udc00\",\"a\\udbff\":{\"\\udfff\\ud800\":1}}}";
        Envelope envelope = new WireCodec(new PlainFraming()).decode(json.getBytes(StandardCharsets.UTF_8), 0);
        assertThat(envelope.data().get("\uD800").stringValue()).isEqualTo("\uDC00");
        assertThat(envelope.data().get("a\uDBFF").get("\uDFFF\uD800").intValue()).isEqualTo(1);
    }

    @Test
    void nanAndInfinityAreRefusedAtTheCall() {
        startBoth();
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Map.of("x", List.of(1, Double.NaN)), new BigDecimal("1e400"), new BigDecimal("-1e309"))) {
            assertThatThrownBy(() -> a.discovery.send("chat", bad)).as("send %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
            assertThatThrownBy(() -> a.discovery.advertise(Map.of("v", bad))).as("advertise %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
        }
        assertThat(a.discovery.send("chat", List.of(Double.MAX_VALUE, -Double.MIN_VALUE))).isTrue();
        cluster.run(Duration.ofMillis(5));
        assertThat(atB).singleElement().satisfies(m ->
                assertThat(m.payload()).isEqualTo(List.of(Double.MAX_VALUE, -Double.MIN_VALUE)));
    }

    @Test
    void aTypedPayloadThatWouldLoseInformationFails() {
        startBoth();
        a.discovery.send("chat", Map.of("count", 1.5));
        a.discovery.send("chat", Map.of("count", 2.0));
        a.discovery.send("chat", Map.of("count", 3));
        cluster.run(Duration.ofMillis(5));
        assertThat(atB).hasSize(3);
        assertThatThrownBy(() -> atB.get(0).payload(Counter.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThat(atB.get(1).payload(Counter.class)).isEqualTo(new Counter(2));
        assertThat(atB.get(2).payload(Counter.class)).isEqualTo(new Counter(3));
        assertThat(atB.get(0).payload(Map.class)).containsEntry("count", 1.5);
        Node sender = atB.get(0).sender();
        Map<Class<?>, Object> sevens = Map.of(long.class, 7L, Long.class, 7L, int.class, 7, Integer.class, 7,
                short.class, (short) 7, byte.class, (byte) 7, BigInteger.class, BigInteger.valueOf(7));
        sevens.forEach((type, seven) -> {
            assertThatThrownBy(() -> new ChannelMessage("chat", 1.5, sender).payload(type)).as("1.5 into %s", type)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ChannelMessage("chat", -0.001, sender).payload(type)).as("-0.001 into %s", type)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat((Object) new ChannelMessage("chat", 7.0, sender).payload(type)).as("7.0 into %s", type)
                    .isEqualTo(seven);
        });
    }
}
