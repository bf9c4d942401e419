package dev.discovery.spring.test;

import static dev.discovery.spring.test.DiscoveryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import dev.discovery.spring.event.PromotedEvent;
import dev.discovery.spring.test.AutoConfigureTestDiscovery.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** In virtual time the test context's node does nothing until the test advances the network's clock. */
@SpringBootTest(classes = OrdersApplication.class, properties = "discovery.service.name=orders")
@AutoConfigureTestDiscovery(time = Time.VIRTUAL)
class VirtualTimeTestContextTest {

    @Autowired
    Discovery discovery;

    @Autowired
    TestDiscoveryNetwork network;

    @Autowired
    RecordedDiscoveryEvents events;

    @Test
    void aMasterTakesOverAFailedOneInstantly() {
        assertThat(network.isVirtualTime()).isTrue();
        NetworkNode self = network.node(discovery);
        FakePeer billing = network.fakePeer(java.util.Map.of("name", "billing"),
                options -> options.masterEligible(true).weight(1.0)); // heavier than any default weight
        network.advance(Duration.ofSeconds(3));
        assertThat(billing).isMaster();
        assertThat(self).isNotMaster().knows(billing);

        long wallClock = System.nanoTime();
        Duration before = network.elapsed();
        billing.crash();
        network.awaitUntil(discovery::isMaster, Duration.ofSeconds(10));
        Duration failover = network.elapsed().minus(before);

        // Removed and replaced at its deadline: the master timeout after its last hello, which left < 100 ms before.
        Duration masterTimeout = discovery.options().masterTimeout();
        assertThat(failover).isBetween(masterTimeout.minusMillis(100), masterTimeout);
        assertThat(Duration.ofNanos(System.nanoTime() - wallClock)).isLessThan(Duration.ofSeconds(1));
        assertThat(events.ofType(PromotedEvent.class)).hasSize(1);
    }
}
