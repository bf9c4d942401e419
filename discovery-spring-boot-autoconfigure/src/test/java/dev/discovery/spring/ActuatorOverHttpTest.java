package dev.discovery.spring;

import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The application over real HTTP: health with its details, readiness that follows the needed service, info and the
 * discovery endpoint with its write operations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "discovery.service.name=web",
    "discovery.needs=billing",
    "management.endpoints.web.exposure.include=health,info,discovery",
    "management.endpoint.health.show-details=always",
    "management.endpoint.discovery.access=unrestricted",
})
@AutoConfigureRestTestClient
class ActuatorOverHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int PORT = Loopback.freePort();

    @DynamicPropertySource
    static void loopback(DynamicPropertyRegistry registry) {
        for (String property : Loopback.properties(PORT)) {
            String[] keyValue = property.split("=", 2);
            registry.add(keyValue[0], () -> keyValue[1]);
        }
    }

    @Autowired
    RestTestClient client;

    @Autowired
    Discovery discovery;

    @Test
    void readinessRefusesTrafficUntilTheNeededServiceIsOfferedAndAgainWhenItLeaves() {
        await().atMost(PATIENCE).untilAsserted(() -> client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isEqualTo(503));
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503).expectBody()
                .jsonPath("$.components.discovery.status").isEqualTo("OUT_OF_SERVICE")
                .jsonPath("$.components.discovery.details.missing[0]").isEqualTo("billing");

        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
                .withPropertyValues(Loopback.properties(PORT)).withPropertyValues("discovery.service.name=billing")
                .run(billing -> {
                    await().atMost(PATIENCE).untilAsserted(() -> client.get().uri("/actuator/health/readiness")
                            .exchange().expectStatus().isOk());
                    client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                            .jsonPath("$.components.discovery.status").isEqualTo("UP")
                            .jsonPath("$.components.discovery.details.nodeId").isEqualTo(discovery.id())
                            .jsonPath("$.components.discovery.details.nodes").isEqualTo(2)
                            .jsonPath("$.components.discovery.details.master").isBoolean()
                            .jsonPath("$.components.discovery.details.masters").isArray();
                });

        await().atMost(PATIENCE).untilAsserted(() -> client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isEqualTo(503));
    }

    @Test
    void infoShowsTheLocalNode() {
        client.get().uri("/actuator/info").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.discovery.id").isEqualTo(discovery.id())
                .jsonPath("$.discovery.hostName").isEqualTo("loopback-test")
                .jsonPath("$.discovery.advertisement.name").isEqualTo("web");
    }

    @Test
    void discoveryEndpointDescribesTheNodeAndPromotesAndDemotesIt() {
        client.get().uri("/actuator/discovery").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.running").isEqualTo(true)
                .jsonPath("$.self.id").isEqualTo(discovery.id())
                .jsonPath("$.self.advertisement.name").isEqualTo("web")
                .jsonPath("$.needs[0]").isEqualTo("billing")
                .jsonPath("$.nodes").isArray()
                .jsonPath("$.services").isMap()
                .jsonPath("$.channels").isArray()
                .jsonPath("$.packets.sent").isNumber()
                .jsonPath("$.packets.dropped.OWN").isNumber()
                .jsonPath("$.packets.kernelDrops").value(drops -> {
                    if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/udp"))) {
                        org.assertj.core.api.Assertions.assertThat(drops).isInstanceOf(Number.class);
                    }
                });

        client.post().uri("/actuator/discovery/promote").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.master").isEqualTo(true);
        client.post().uri("/actuator/discovery/demote-permanently").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.master").isEqualTo(false)
                .jsonPath("$.masterEligible").isEqualTo(false);
        client.post().uri("/actuator/discovery/abdicate").exchange().expectStatus().isBadRequest();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
