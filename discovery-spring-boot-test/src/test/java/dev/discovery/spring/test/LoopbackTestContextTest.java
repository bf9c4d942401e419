package dev.discovery.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.discovery.Discovery;
import dev.discovery.spring.test.AutoConfigureTestDiscovery.Network;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** Opting out gives real UDP, sent to loopback only: the socket the default test does not have is there. */
@SpringBootTest(classes = OrdersApplication.class,
        properties = {"discovery.port=" + LoopbackTestContextTest.PORT, "discovery.multicast=239.1.2.3"})
@AutoConfigureTestDiscovery(network = Network.LOOPBACK)
class LoopbackTestContextTest {

    static final int PORT = 47812;

    @Autowired
    Discovery discovery;

    @Autowired
    ApplicationContext context;

    @Test
    void theNodeHasAUdpSocketAndSendsToLoopbackOnly() {
        assertThat(discovery.isRunning()).isTrue();
        assertThat(discovery.options().multicast()).isNull();
        assertThat(discovery.options().unicast()).isEmpty();
        assertThat(discovery.options().broadcast()).isEqualTo("127.255.255.255");
        assertThat(context.getBeanNamesForType(TestDiscoveryNetwork.class)).isEmpty();
        assumeTrue(UdpSockets.supported(), "needs Linux's /proc to list the JVM's sockets");
        assertThat(UdpSockets.portsOfThisProcess()).contains(PORT);
    }
}
