package dev.discovery.spring.test;

import static dev.discovery.spring.test.DiscoveryAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.discovery.Discovery;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * A plain {@code @SpringBootTest} of an application configured as a user's may be (the LAN broadcast address, no
 * key): its node runs on an in-memory network, and the JVM holds no UDP socket on the discovery port.
 */
@SpringBootTest(classes = OrdersApplication.class,
        properties = {"discovery.port=" + DefaultTestContextTest.PORT, "discovery.service.name=orders"})
class DefaultTestContextTest {

    static final int PORT = 47811;

    @Autowired
    ApplicationContext context;

    @Autowired
    Discovery discovery;

    @Autowired
    TestDiscoveryNetwork network;

    @Test
    void noUdpSocketIsOpened() {
        assumeTrue(UdpSockets.supported(), "needs Linux's /proc to list the JVM's sockets");
        assertThat(discovery.isRunning()).isTrue();
        assertThat(UdpSockets.portsOfThisProcess()).doesNotContain(PORT);
    }

    @Test
    void theNodeIsOnTheInMemoryNetworkAndLivesAsUsual() {
        assertThat(network.contains(discovery)).isTrue();
        assertThat(network.isVirtualTime()).isFalse();
        assertThat(discovery.options().port()).isEqualTo(PORT); // the application's settings still apply
        network.awaitUntil(discovery::isMaster, Duration.ofSeconds(30)); // alone, it elects itself after a check
        assertThatNodeOf(context).isMaster().isNotReady();
    }
}
