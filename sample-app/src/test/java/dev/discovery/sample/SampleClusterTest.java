package dev.discovery.sample;

import static dev.discovery.spring.test.DiscoveryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spring.event.PromotedEvent;
import dev.discovery.spring.test.TestApplication;
import dev.discovery.spring.test.TestDiscoveryNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

/**
 * Three copies of the sample, the ring orders → billing → stock → orders of its README, in one JVM on an in-memory
 * network in virtual time: the oldest is master, and when it crashes the next oldest takes over at the crashed one's
 * master timeout, which the test reaches at once instead of waiting seconds.
 */
class SampleClusterTest {

    @Test
    void aThreeInstanceClusterFailsOverInVirtualTime() {
        try (TestDiscoveryNetwork network = TestDiscoveryNetwork.virtualTime()) {
            TestApplication orders = start(network, "orders", "billing");
            TestApplication billing = start(network, "billing", "stock");
            TestApplication stock = start(network, "stock", "orders");
            network.advance(Duration.ofSeconds(3));

            assertThat(orders).isMaster().isReady().knows(billing, stock);
            assertThat(billing).isNotMaster().isReady().hasAvailable("stock");
            assertThat(stock).isNotMaster().isReady().hasAvailable("orders");
            assertThat(partnerStatus(stock).value()).isEqualTo(200);

            long wallClock = System.nanoTime();
            Duration crashedAt = network.elapsed();
            orders.crash();
            network.awaitUntil(billing.discovery()::isMaster, Duration.ofSeconds(10));
            Duration virtualFailover = network.elapsed().minus(crashedAt);
            Duration wallClockFailover = Duration.ofNanos(System.nanoTime() - wallClock);

            assertThat(billing).isMaster().knowsNodes(1);
            assertThat(billing.events().ofType(PromotedEvent.class)).hasSize(1);
            assertThat(stock).isNotMaster().isNotReady().hasNoAvailable("orders");
            assertThat(stock.readiness()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(partnerStatus(stock).value()).isEqualTo(503);
            assertThat(virtualFailover).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)); // default timings
            // Printed, not asserted: a loaded machine may take longer, and the behaviour is what is asserted.
            System.out.printf("failover: %d ms of virtual time in %d ms of test time%n", virtualFailover.toMillis(),
                    wallClockFailover.toMillis());
        }
    }

    private static TestApplication start(TestDiscoveryNetwork network, String service, String partner) {
        TestApplication app = network.start(SampleApplication.class, "--discovery.service.name=" + service,
                "--sample.partner=" + partner);
        network.advance(Duration.ofMillis(100)); // the next copy starts later: it weighs less in the election
        return app;
    }

    private static HttpStatusCode partnerStatus(TestApplication app) {
        String port = app.context().getEnvironment().getProperty("local.server.port");
        return RestClient.create("http://127.0.0.1:" + port).get().uri("/partner").retrieve()
                .onStatus(status -> true, (request, response) -> { })
                .toBodilessEntity().getStatusCode();
    }
}
