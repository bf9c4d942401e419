package dev.discovery.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cluster page over real HTTP: the page itself, its stream (a snapshot at once, a new one soon after a change, and
 * the heard times every second), on the application's port or the management server's, and nothing when not exposed.
 */
class ClusterPageOverHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * A change of this node's own advertisement is pushed within 350 ms by design (noticed within 250 ms, pushed 100 ms
     * later); the bound leaves room for a loaded machine.
     */
    private static final Duration PUSHED_SOON = Duration.ofSeconds(3);

    private final int port = Loopback.freePort();

    private ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of(Loopback.properties(port)));
        all.add("server.port=0");
        all.add("spring.main.banner-mode=off");
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(Application.class).properties(all.toArray(String[]::new)).run();
    }

    @Test
    void servesThePageAndStreamsTheClusterUnderTheActuator() throws Exception {
        try (ConfigurableApplicationContext app = start("discovery.ui.enabled=true",
                "management.endpoints.web.exposure.include=health,cluster")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            Discovery discovery = app.getBean(Discovery.class);

            HttpResponse<String> page = get(base + "/actuator/cluster");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            // Self-contained: nothing is loaded from elsewhere, and the empty inline icon spares the favicon request.
            String icon = "<link rel=\"icon\" href=\"data:,\">";
            assertThat(page.body()).contains("<title>Cluster</title>", "new EventSource(", icon);
            assertThat(page.body().replace(icon, "")).doesNotContain("http://", "https://", "<link", "src=");

            try (SseClient stream = new SseClient(URI.create(base + "/actuator/cluster/events"))) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.contentType()).startsWith("text/event-stream");
                stream.next("state", data -> data.contains("\"selfId\":\"" + discovery.id() + "\""), PATIENCE);

                discovery.advertise(Map.of("name", "renamed-for-the-page"));
                stream.next("state", data -> data.contains("renamed-for-the-page"), PUSHED_SOON);
                stream.next("heard", data -> data.contains("\"packets\""), Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void anOpenPageDoesNotHoldUpAGracefulShutdown() throws Exception {
        ConfigurableApplicationContext app = start("discovery.ui.enabled=true", "server.shutdown=graceful",
                "spring.lifecycle.timeout-per-shutdown-phase=20s", "management.endpoints.web.exposure.include=cluster");
        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        try (SseClient stream = new SseClient(URI.create(base + "/actuator/cluster/events"))) {
            stream.next("state", data -> true, PATIENCE);
            long started = System.nanoTime();
            app.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(stream.ended(PATIENCE)).isTrue();
        }
    }

    @Test
    void onASeparateManagementPortThePageAndStreamAreThereAndNotOnTheApplicationPort() throws Exception {
        try (ConfigurableApplicationContext app = start("discovery.ui.enabled=true", "management.server.port=0",
                "management.endpoints.web.exposure.include=cluster")) {
            String server = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String management = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.management.port");
            Discovery discovery = app.getBean(Discovery.class);

            assertThat(get(management + "/actuator/cluster").body()).contains("<title>Cluster</title>");
            try (SseClient stream = new SseClient(URI.create(management + "/actuator/cluster/events"))) {
                stream.next("state", data -> data.contains(discovery.id()), PATIENCE);
            }
            assertThat(get(server + "/actuator/cluster").statusCode()).isEqualTo(404);
            assertThat(get(server + "/actuator/cluster/events").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void notExposedOrNotEnabledThereIsNeitherPageNorStream() throws Exception {
        try (ConfigurableApplicationContext app = start("discovery.ui.enabled=true",
                "management.endpoints.web.exposure.include=health")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            assertThat(get(base + "/actuator/cluster").statusCode()).isEqualTo(404);
            assertThat(get(base + "/actuator/cluster/events").statusCode()).isEqualTo(404);
        }
        try (ConfigurableApplicationContext app = start("management.endpoints.web.exposure.include=*")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            assertThat(get(base + "/actuator/cluster").statusCode()).isEqualTo(404);
            assertThat(get(base + "/actuator/cluster/events").statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
