package dev.discovery.spring.needs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.Loopback;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import dev.discovery.spring.node.DiscoveryStartupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Readiness follows the needed services after a full Spring Boot startup, and discovery.wait-for-needs. */
class ReadinessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner billing = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
            .withPropertyValues(Loopback.properties(port)).withPropertyValues("discovery.service.name=billing");

    @Test
    void unmetNeedsTakeBackBootsReadinessAtTheEndOfStartup() {
        try (ConfigurableApplicationContext app = start("discovery.needs=billing")) {
            ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            billing.run(offered -> await().atMost(PATIENCE).until(availability::getReadinessState,
                    ReadinessState.ACCEPTING_TRAFFIC::equals));
            await().atMost(PATIENCE).until(availability::getReadinessState, ReadinessState.REFUSING_TRAFFIC::equals);
        }
    }

    @Test
    void bootsReadinessAtTheEndOfStartupIsRecordedAsRefusingWhileNeedsAreUnmet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
                        ApplicationAvailabilityAutoConfiguration.class))
                .withPropertyValues(Loopback.properties(port)).withPropertyValues("discovery.needs=billing")
                .run(context -> {
                    assertThat(context).hasSingleBean(ApplicationAvailability.class);
                    ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC); // as Boot does
                    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
                    billing.run(offered -> {
                        await().atMost(PATIENCE).until(context.getBean(ServiceDiscovery.class)::isReady);
                        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
                    });
                });
    }

    @Test
    void withoutNeedsTheApplicationIsReadyAsUsual() {
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBean(ApplicationAvailability.class).getReadinessState())
                    .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Test
    void aListenerNeverSeesTheApplicationReadyBeforeItsNeedsAreMet() {
        List<ReadinessState> seen = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = event -> {
            if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state) {
                seen.add(state);
            }
        };
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE).listeners(listener).properties(Loopback.properties(port))
                .properties("discovery.needs=billing").run()) {
            assertThat(seen).as("Boot's end-of-startup ACCEPTING_TRAFFIC, given to listeners as refusing")
                    .isNotEmpty().containsOnly(ReadinessState.REFUSING_TRAFFIC);
            billing.run(offered -> await().atMost(PATIENCE).until(() -> seen.contains(
                    ReadinessState.ACCEPTING_TRAFFIC)));
            // A snapshot: readiness keeps changing (billing has left), and a sub-list of the live list would throw.
            List<ReadinessState> history = List.copyOf(seen);
            assertThat(history.subList(0, history.indexOf(ReadinessState.ACCEPTING_TRAFFIC)))
                    .containsOnly(ReadinessState.REFUSING_TRAFFIC);
        }
    }

    @Test
    void waitForNeedsWaitsUntilTheNeededServiceIsThere() {
        billing.run(offered -> {
            try (ConfigurableApplicationContext app = start("discovery.needs=billing", "discovery.wait-for-needs=30s")) {
                assertThat(app.getBean(ApplicationAvailability.class).getReadinessState())
                        .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            }
        });
    }

    @Test
    void waitForNeedsFailsStartupListingWhatIsMissing() {
        assertThatThrownBy(() -> start("discovery.needs=billing,audit", "discovery.wait-for-needs=1s").close())
                .isInstanceOf(DiscoveryStartupException.class)
                .hasMessageContaining("[audit, billing]").hasMessageContaining("discovery.wait-for-needs");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aTypoInANeedIsShownWithTheServicesThatAreVisible(CapturedOutput output) {
        billing.run(offered -> assertThatThrownBy(() -> start("discovery.needs=billling",
                "discovery.wait-for-needs=5s").close())
                .isInstanceOf(DiscoveryStartupException.class)
                .hasMessageContaining("[billling]").hasMessageContaining("services visible on the network: [billing]"));
        assertThat(output).contains("The needed service 'billling' has no instance, but a service named 'billing' is "
                + "on the network: a typo");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aNeedOfTheNodesOwnServiceIsSaidAsSuchNotAsATypo(CapturedOutput output) {
        billing.run(offered -> new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
                .withPropertyValues(Loopback.properties(port))
                .withPropertyValues("discovery.service.name=billinq", "discovery.needs=billinq")
                .run(context -> await().atMost(PATIENCE).until(() -> output.getOut().contains(
                        "This node needs 'billinq', the service it offers itself: its own instance does not count for "
                                + "its own need"))));
        assertThat(output).doesNotContain("a typo");
    }

    private ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(Arrays.asList(Loopback.properties(port)));
        all.addAll(Arrays.asList(properties));
        return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
