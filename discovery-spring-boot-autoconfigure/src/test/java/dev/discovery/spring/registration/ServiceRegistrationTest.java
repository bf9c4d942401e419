package dev.discovery.spring.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryOptions;
import dev.discovery.RemovalReason;
import dev.discovery.spring.Loopback;
import dev.discovery.spring.node.DiscoveryStartupException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Registration the Spring Cloud way, in full Spring Boot applications with a real web server on loopback: the name
 * from spring.application.name, the port the server bound, the management metadata, readiness, and the order of a
 * graceful stop as a peer sees it.
 */
class ServiceRegistrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port = Loopback.freePort();

    @Test
    void theApplicationNameAndTheBoundPortAreAdvertised() {
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0")) {
            assertThat(advertisement(app)).containsExactlyInAnyOrderEntriesOf(Map.of("name", "orders",
                    "port", localPort(app), "management.context-path", "/actuator"));
        }
    }

    @Test
    void aSeparateManagementServerIsAdvertisedAsSpringBootAdminReadsIt() {
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0",
                "server.servlet.context-path=/shop", "management.server.port=0", "management.server.address=127.0.0.1",
                "management.endpoints.web.base-path=/manage")) {
            int managementPort = app.getEnvironment().getProperty("local.management.port", Integer.class);
            assertThat(managementPort).isNotEqualTo(localPort(app));
            assertThat(advertisement(app)).containsEntry("port", localPort(app))
                    .containsEntry("management.port", managementPort)
                    .containsEntry("management.context-path", "/manage");
        }
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0",
                "server.servlet.context-path=/shop")) {
            assertThat(advertisement(app)).containsEntry("management.context-path", "/shop/actuator")
                    .doesNotContainKey("management.port");
        }
    }

    @Test
    void theDocumentedServicePropertiesWorkWithAnyFreePort() {
        // discovery.service.port: ${server.port} with server.port=0, as under @SpringBootTest(webEnvironment = RANDOM_PORT)
        try (ConfigurableApplicationContext app = start("discovery.service.name=billing", "server.port=0",
                "discovery.service.port=${server.port}", "discovery.service.metadata.zone=eu-1")) {
            assertThat(advertisement(app)).containsEntry("name", "billing").containsEntry("port", localPort(app))
                    .containsEntry("zone", "eu-1");
        }
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0",
                "discovery.service.port=9999")) {
            assertThat(advertisement(app)).containsEntry("port", 9999);
        }
    }

    @Test
    void withoutAWebServerTheNameIsAdvertisedAlone() {
        try (ConfigurableApplicationContext app = start(WebApplicationType.NONE, "spring.application.name=worker")) {
            assertThat(advertisement(app)).isEqualTo(Map.of("name", "worker"));
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void withoutANameTheStartupWarnsNamingBothWaysToGiveOne(CapturedOutput output) {
        String warning = "neither spring.application.name nor discovery.service.name is set";
        try (ConfigurableApplicationContext app = start(WebApplicationType.NONE, "spring.application.name=worker")) {
            assertThat(output).doesNotContain(warning);
        }
        try (ConfigurableApplicationContext app = start(WebApplicationType.NONE,
                "discovery.registration.enabled=false")) {
            assertThat(output).as("a consumer only says so").doesNotContain(warning);
        }
        try (ConfigurableApplicationContext app = start(WebApplicationType.NONE)) {
            assertThat(app.getBean(Discovery.class).advertisement()).isNull();
            assertThat(output).contains("WARN").contains(warning).contains("Set spring.application.name=orders (or "
                    + "discovery.service.name=orders)").contains("discovery.registration.enabled=false");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"discovery.registration.enabled=false",
            "spring.cloud.service-registry.auto-registration.enabled=false"})
    void aConsumerOnlyApplicationOffersNothing(String off) {
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0", off)) {
            assertThat(app.getBean(Discovery.class).advertisement()).isNull();
        }
        try (ConfigurableApplicationContext app = start("discovery.service.name=orders", "server.port=0", off)) {
            assertThat(app.getBean(Discovery.class).advertisement()).isNull();
        }
    }

    @Test
    void refusingTrafficWithdrawsTheInstanceAndAcceptingOffersItAgain() {
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0")) {
            AvailabilityChangeEvent.publish(app, ReadinessState.REFUSING_TRAFFIC);
            assertThat(advertisement(app)).containsEntry("ready", false);
            AvailabilityChangeEvent.publish(app, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(advertisement(app)).doesNotContainKey("ready").containsEntry("name", "orders");
        }
    }

    @Test
    void aMissingNeedRefusesTrafficButDoesNotWithdrawTheInstance() {
        // Otherwise two services that need each other would both wait for ever.
        try (ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0",
                "discovery.needs=billing")) {
            assertThat(app.getBean(org.springframework.boot.availability.ApplicationAvailability.class)
                    .getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(advertisement(app)).doesNotContainKey("ready");
        }
    }

    @Test
    void aNegativeDrainIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> start("spring.application.name=orders", "discovery.registration.drain=-1s").close())
                .hasRootCauseInstanceOf(DiscoveryStartupException.class)
                .rootCause().hasMessageContaining("discovery.registration.drain");
    }

    @Test
    void onShutdownPeersSeeTheInstanceWithdrawnThenGoneWhileTheWebServerStillAnswers() throws Exception {
        List<DiscoveryEvent> seen = new CopyOnWriteArrayList<>();
        try (Discovery peer = new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255").port(port)
                .hostName("loopback-test").helloInterval(Duration.ofMillis(200)).checkInterval(Duration.ofMillis(500))
                .nodeTimeout(Duration.ofMillis(1500)).build())) {
            peer.addListener(seen::add);
            peer.start();
            ConfigurableApplicationContext app = start("spring.application.name=orders", "server.port=0",
                    "discovery.registration.drain=3s");
            String appId = app.getBean(Discovery.class).id();
            URI uri = URI.create("http://127.0.0.1:" + localPort(app) + "/");
            await().atMost(PATIENCE).until(() -> peer.node(appId).isPresent());

            ExecutorService closer = Executors.newSingleThreadExecutor();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(app::close, closer);
            closer.shutdown();
            await().atMost(PATIENCE).until(() -> removal(seen, appId) >= 0);
            assertThat(answers(uri)).as("the web server answers during the drain").isTrue();
            closed.get();

            int withdrawn = -1;
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i) instanceof DiscoveryEvent.NodeUpdated updated && updated.node().id().equals(appId)
                        && Boolean.FALSE.equals(updated.node().advertisementMap().get("ready"))) {
                    withdrawn = i;
                }
            }
            assertThat(withdrawn).as("ready: false came before the goodbye").isNotNegative()
                    .isLessThan(removal(seen, appId));
            assertThat(((DiscoveryEvent.NodeRemoved) seen.get(removal(seen, appId))).reason())
                    .isEqualTo(RemovalReason.LEFT);
            assertThat(answers(uri)).as("the web server is stopped after the drain").isFalse();
        }
    }

    private static int removal(List<DiscoveryEvent> seen, String id) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) instanceof DiscoveryEvent.NodeRemoved removed && removed.node().id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean answers(URI uri) throws InterruptedException {
        try {
            HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> advertisement(ConfigurableApplicationContext app) {
        return (Map<String, Object>) app.getBean(Discovery.class).advertisement();
    }

    private static int localPort(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("local.server.port", Integer.class);
    }

    private ConfigurableApplicationContext start(String... properties) {
        return start(WebApplicationType.SERVLET, properties);
    }

    private ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
        List<String> all = new ArrayList<>(Arrays.asList(Loopback.properties(port)));
        all.add("server.address=127.0.0.1");
        all.add("discovery.registration.drain=0s"); // the shutdown test sets its own
        all.addAll(Arrays.asList(properties));
        return new SpringApplicationBuilder(Application.class).web(type).properties(all.toArray(String[]::new)).run();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
