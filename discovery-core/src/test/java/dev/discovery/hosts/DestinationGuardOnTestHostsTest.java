package dev.discovery.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.NodeProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The destination guard the harness gives every node JVM allows the test hosts' subnet and loopback, and nothing
 * else: a node on a test host configured for any other broadcast address refuses to start, before it sends anything.
 */
@Tag("slow")
class DestinationGuardOnTestHostsTest {

    private TestHosts testHosts;

    @BeforeEach
    void createOneHost() {
        testHosts = TestHosts.create(1);
    }

    @AfterEach
    void removeHost() {
        if (testHosts != null) {
            testHosts.close();
        }
    }

    /** The library's default, the LAN-wide broadcast; and the broadcast of the subnet just above the test hosts'. */
    @ParameterizedTest
    @ValueSource(strings = {"255.255.255.255", "10.77.1.255"})
    void aNodeOnATestHostRefusesToSendOutsideTheTestHosts(String broadcast) throws Exception {
        NodeProcess node = testHosts.host(1).startNode(broadcast);

        assertThat(node.awaitExit(60, TimeUnit.SECONDS)).as("the node exited").isTrue();
        assertThat(node.lines()).noneMatch(l -> l.startsWith("started "))
                .anySatisfy(l -> assertThat(l).startsWith("failed Refusing to send to /" + broadcast + ":"));
    }
}
