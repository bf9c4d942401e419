package dev.discovery.cloudtests;

import static dev.discovery.cloudtests.Apps.httpPort;
import static dev.discovery.cloudtests.Apps.instanceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Cloud Gateway routes to instances found by discovery: a {@code lb://callee} route, and the discovery
 * locator's route for a service that appeared after the gateway started (it refreshes on our HeartbeatEvent). While
 * one instance stops gracefully, no call through the gateway fails.
 */
@Tag("slow")
class GatewayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Apps apps = new Apps();

    @AfterEach
    void close() {
        apps.close();
    }

    @Test
    void routesByNameFollowMembership() throws Exception {
        ConfigurableApplicationContext gateway = apps.start(GatewayApplication.class, WebApplicationType.REACTIVE,
                "spring.application.name=gateway",
                "discovery.registration.enabled=false",
                "spring.cloud.gateway.server.webflux.enabled=true",
                "spring.cloud.gateway.server.webflux.discovery.locator.enabled=true",
                "spring.cloud.gateway.server.webflux.routes[0].id=callee-api",
                "spring.cloud.gateway.server.webflux.routes[0].uri=lb://callee",
                "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/api/**",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=1");
        String base = "http://127.0.0.1:" + httpPort(gateway);

        ConfigurableApplicationContext one = apps.callee();
        String oneId = instanceId(one);
        await().atMost(PATIENCE).until(() -> oneId.equals(get(base + "/api/whoami")));
        await().atMost(PATIENCE).until(() -> oneId.equals(get(base + "/callee/whoami")));

        ConfigurableApplicationContext two = apps.callee();
        String twoId = instanceId(two);
        await().atMost(PATIENCE).until(() -> twoId.equals(get(base + "/api/whoami")));

        try (Load load = new Load("through-gateway", i -> get(base + (i % 2 == 0 ? "/api" : "/callee") + "/whoami"),
                100_000, Duration.ofMinutes(3))) {
            await().atMost(PATIENCE).until(() -> load.succeededAfter(0) >= 50);
            one.close();
            long stopped = System.nanoTime();
            await().atMost(PATIENCE).until(() -> load.succeededAfter(stopped) >= 50);
            load.close();

            assertThat(load.failures()).as("failed calls through the gateway").isEmpty();
            assertThat(load.answeredAfter(stopped)).containsOnly(twoId);
        }
    }

    /** The body of a 200 answer; any other status or an I/O error is a failed call. */
    private static String get(String uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
