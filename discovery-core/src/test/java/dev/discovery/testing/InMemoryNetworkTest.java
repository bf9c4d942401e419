package dev.discovery.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hosts have addresses: broadcast and multicast reach every host on the port, a host's address reaches that host. */
class InMemoryNetworkTest {

    private final VirtualScheduler clock = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(clock, 1);
    private final Map<String, List<String>> received = new LinkedHashMap<>();

    private Transport host(String address, int port) throws Exception {
        List<String> inbox = new ArrayList<>();
        received.put(address + ":" + port, inbox);
        Transport transport = network.transport(address, port);
        transport.start((data, source) -> inbox.add(new String(data, StandardCharsets.UTF_8) + " from "
                + source.getAddress().getHostAddress() + ":" + source.getPort()));
        return transport;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void broadcastReachesEveryHostOnThePortAndAHostAddressReachesThatHostOnly() throws Exception {
        Transport a = host("10.0.0.1", 12345);
        host("10.0.0.2", 12345);
        host("10.0.0.3", 12345);
        host("10.0.0.4", 4000);

        a.send(text("all"), new InetSocketAddress("255.255.255.255", 12345));
        a.send(text("subnet"), new InetSocketAddress("10.0.0.255", 12345));
        a.send(text("two"), new InetSocketAddress("10.0.0.2", 12345));
        a.send(text("wrong port"), new InetSocketAddress("10.0.0.3", 4000));
        a.send(text("nobody"), new InetSocketAddress("10.0.0.9", 12345));
        clock.runFor(Duration.ofMillis(10));

        assertThat(received.get("10.0.0.1:12345")).containsExactly("all from 10.0.0.1:12345", "subnet from 10.0.0.1:12345");
        assertThat(received.get("10.0.0.2:12345")).containsExactly("all from 10.0.0.1:12345",
                "subnet from 10.0.0.1:12345", "two from 10.0.0.1:12345");
        assertThat(received.get("10.0.0.3:12345")).containsExactly("all from 10.0.0.1:12345", "subnet from 10.0.0.1:12345");
        assertThat(received.get("10.0.0.4:4000")).isEmpty();
    }

    @Test
    void ipv6HostsTalkByAddressAndByMulticastGroup() throws Exception {
        Transport a = host("fd00::1", 12345);
        host("fd00::2", 12345);
        host("10.0.0.3", 12345);

        a.send(text("unicast"), new InetSocketAddress("fd00:0:0:0:0:0:0:2", 12345));
        a.send(text("group"), new InetSocketAddress("ff02::1", 12345));
        clock.runFor(Duration.ofMillis(10));

        assertThat(received.get("fd00::2:12345")).containsExactly("unicast from fd00:0:0:0:0:0:0:1:12345",
                "group from fd00:0:0:0:0:0:0:1:12345");
        assertThat(received.get("10.0.0.3:12345")).containsExactly("group from fd00:0:0:0:0:0:0:1:12345");
    }

    @Test
    void aPartitionStopsUnicastAsWellAsBroadcast() throws Exception {
        Transport a = host("10.0.0.1", 12345);
        host("10.0.0.2", 12345);
        network.partition(List.of("10.0.0.1"), List.of("10.0.0.2"));

        a.send(text("cut"), new InetSocketAddress("10.0.0.2", 12345));
        a.send(text("cut too"), new InetSocketAddress("255.255.255.255", 12345));
        network.heal();
        a.send(text("healed"), new InetSocketAddress("10.0.0.2", 12345));
        clock.runFor(Duration.ofMillis(10));

        assertThat(received.get("10.0.0.2:12345")).containsExactly("healed from 10.0.0.1:12345");
    }

    @Test
    void namesAndBroadcastAddressesAreNotHosts() {
        assertThatThrownBy(() -> network.transport("example.org")).hasMessageContaining("not an IPv4 or IPv6 literal");
        assertThatThrownBy(() -> network.transport("10.0.0.255")).hasMessageContaining("broadcast or multicast");
    }
}
