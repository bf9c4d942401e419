package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.internal.wire.Json;
import dev.discovery.spi.Transport;
import dev.discovery.testing.VirtualScheduler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How a hello carries the advertisement: left out while the node never advertised (as node-discover writes it), an
 * explicit null once it was withdrawn. node-discover's receivers copy every field of a hello into the node they keep
 * and never delete one, so only a null, not a missing field, clears what they show.
 */
class AdvertisementWithdrawalTest {

    private final List<byte[]> sent = new CopyOnWriteArrayList<>();

    private final Transport capture = new Transport() {
        @Override
        public void start(Receiver receiver) {
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress destination) {
            sent.add(datagram);
        }

        @Override
        public void stop() {
        }
    };

    private JsonNode lastHelloData() {
        JsonNode hello = Json.MAPPER.readTree(sent.get(sent.size() - 1));
        assertThat(hello.get("event").stringValue()).isEqualTo("hello");
        return hello.get("data");
    }

    @Test
    void aNeverAdvertisedNodeLeavesTheFieldOutAndAWithdrawnAdvertisementIsAnExplicitNull() {
        Discovery d = new Discovery(DiscoveryOptions.builder().build(), capture, new VirtualScheduler());
        d.start();
        assertThat(lastHelloData().has("advertisement")).isFalse();

        d.advertise(Map.of("svc", "web"));
        assertThat(lastHelloData().get("advertisement").get("svc").stringValue()).isEqualTo("web");

        d.advertise(null);
        assertThat(lastHelloData().has("advertisement")).isTrue();
        assertThat(lastHelloData().get("advertisement").isNull()).isTrue();
        assertThat(d.advertisement()).isNull();
        assertThat(d.self().advertisement()).isNull();
        d.stop();
    }
}
