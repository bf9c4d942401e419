package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.internal.net.DestinationGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seeds over real UDP sockets on loopback: IPv4, IPv6 ({@code ::1}) and a DNS name through the JVM's resolver. */
class UdpSeedsTest {

    private final List<Discovery> nodes = new ArrayList<>();

    private final String guard = System.getProperty(DestinationGuard.PROPERTY);

    @AfterEach
    void stopAll() {
        nodes.forEach(Discovery::stop);
        if (guard != null) {
            System.setProperty(DestinationGuard.PROPERTY, guard);
        } else {
            System.clearProperty(DestinationGuard.PROPERTY);
        }
    }

    private List<Discovery> start(int count, IntFunction<DiscoveryOptions.Builder> options) {
        for (int i = 0; i < count; i++) {
            Discovery node = new Discovery(options.apply(i).hostName("seed-test")
                    .helloInterval(Duration.ofMillis(200)).checkInterval(Duration.ofMillis(500))
                    .nodeTimeout(Duration.ofMillis(1500)).build());
            nodes.add(node);
            node.start();
        }
        return nodes;
    }

    private static void awaitFullTables(List<Discovery> nodes) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Discovery node : nodes) {
                assertThat(node.nodes()).as("peers of %s", node.self().address()).hasSize(nodes.size() - 1);
            }
            assertThat(nodes.stream().filter(Discovery::isMaster)).hasSize(1);
        });
    }

    @Test
    void ipv4NodesOnTheirOwnLoopbackAddressesLearnEachOtherFromOneSeed() {
        int port = Loopback.freePort();
        List<Discovery> started = start(3, i -> DiscoveryOptions.builder().port(port).bindAddress("127.0.0." + (i + 1))
                .seeds("127.0.0.1"));
        awaitFullTables(started);
        assertThat(started.get(2).nodes()).extracting(Node::address).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
    }

    @Test
    void ipv6NodesOnTheLoopbackLearnEachOtherFromOneSeed() {
        // The build's guard allows IPv4 loopback only; this test's nodes may send to the IPv6 loopback too.
        System.setProperty(DestinationGuard.PROPERTY, guard == null ? "127.0.0.0/8,::1/128" : guard + ",::1/128");
        int[] ports = {Loopback.freePort(), Loopback.freePort(), Loopback.freePort()};
        List<Discovery> started = start(3, i -> DiscoveryOptions.builder().port(ports[i]).bindAddress("::1")
                .seeds("[::1]:" + ports[0]));
        awaitFullTables(started);
        assertThat(started.get(2).nodes()).extracting(Node::port).containsExactlyInAnyOrder(ports[0], ports[1]);
        assertThat(started.get(2).nodes()).extracting(Node::address).containsOnly("0:0:0:0:0:0:0:1");
    }

    @Test
    void aDnsNameResolvedByTheJvmIsASeed() {
        int[] ports = {Loopback.freePort(), Loopback.freePort()};
        // A wildcard bind with a name as seed: a dual-stack socket; "localhost" answers with 127.0.0.1.
        List<Discovery> started = start(2, i -> DiscoveryOptions.builder().port(ports[i]).seeds("localhost:" + ports[0]));
        awaitFullTables(started);
    }
}
