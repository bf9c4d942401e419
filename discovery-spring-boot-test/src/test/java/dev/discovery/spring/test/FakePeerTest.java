package dev.discovery.spring.test;

import static dev.discovery.spring.test.DiscoveryAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spring.event.ServiceInstanceRemovedEvent;
import dev.discovery.spring.event.ServiceNotReadyEvent;
import dev.discovery.spring.event.ServiceReadyEvent;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * An application that needs billing becomes ready when a fake billing instance is declared, and not ready when it
 * goes: no billing application is started. Each test starts without the fake peers of the others.
 */
@SpringBootTest(classes = OrdersApplication.class, properties = "discovery.service.name=orders")
class FakePeerTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    TestDiscoveryNetwork network;

    @Autowired
    RecordedDiscoveryEvents events;

    @Autowired
    ApplicationAvailability availability;

    @Autowired
    OrdersApplication.Checkout checkout;

    @BeforeEach
    void startsWithoutBilling() {
        assertThatNodeOf(context).isNotReady().hasNoAvailable("billing");
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void aFakeInstanceMakesTheApplicationReady() {
        FakePeer billing = network.fakePeer(Map.of("name", "billing", "port", 8080, "version", 1.2));
        assertThatNodeOf(context).isReady().hasAvailable("billing", 1);
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(checkout.billing.choose()).hasValueSatisfying(instance -> {
            assertThat(instance.host()).as("on this machine, where a test's stub listens").isEqualTo("127.0.0.1");
            assertThat(instance.port()).hasValue(8080);
            assertThat(instance.info()).containsEntry("version", 1.2);
        });
        assertThat(events.ofType(ServiceReadyEvent.class)).hasSize(1);
        assertThat(billing.address()).as("its node, on the in-memory network").isNotEqualTo("127.0.0.1");
    }

    @Test
    void aHostTheTestAdvertisesIsKept() {
        network.fakePeer(Map.of("name", "billing", "host", "billing.test", "port", 8080));
        assertThat(checkout.billing.choose()).hasValueSatisfying(instance ->
                assertThat(instance.host()).isEqualTo("billing.test"));
    }

    @Test
    void removingItTestsTheNotReadyPath() {
        FakePeer billing = network.fakePeer("billing");
        assertThatNodeOf(context).isReady();
        billing.remove();
        assertThatNodeOf(context).isNotReady();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(events.ofType(ServiceInstanceRemovedEvent.class)).hasSize(1);
        assertThat(events.ofType(ServiceNotReadyEvent.class)).hasSize(1);
    }

    @Test
    void anInstanceThatIsNotReadyDoesNotCount() {
        FakePeer billing = network.fakePeer(Map.of("name", "billing", "ready", false));
        assertThatNodeOf(context).isNotReady();
        billing.ready();
        assertThatNodeOf(context).isReady();
        billing.notReady();
        assertThatNodeOf(context).isNotReady();
    }
}
