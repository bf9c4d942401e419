package dev.discovery.spring.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.Encryption;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.Loopback;
import dev.discovery.spring.channel.ChannelSender;
import dev.discovery.spring.needs.WaitForNeedsRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;

/** Every condition and property of {@link DiscoveryAutoConfiguration}, on loopback. */
class DiscoveryAutoConfigurationTests {

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
            .withPropertyValues(Loopback.properties(port));

    @Test
    void defaultsGiveARunningNodeConfiguredByProperties() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Discovery.class).hasSingleBean(ServiceDiscovery.class)
                    .hasSingleBean(ChannelSender.class).doesNotHaveBean(WaitForNeedsRunner.class);
            Discovery discovery = context.getBean(Discovery.class);
            assertThat(discovery.isRunning()).isTrue();
            assertThat(context.getBean(ServiceDiscovery.class).discovery()).isSameAs(discovery);
            DiscoveryOptions options = discovery.options();
            assertThat(options.port()).isEqualTo(port);
            assertThat(options.broadcast()).isEqualTo("127.255.255.255");
            assertThat(options.helloInterval()).isEqualTo(Duration.ofMillis(200));
            assertThat(options.nodeTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(options.masterTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(options.mastersRequired()).isEqualTo(1);
            assertThat(options.encryption()).isEqualTo(Encryption.AES_256_GCM);
            assertThat(discovery.advertisement()).isNull();
        });
    }

    @Test
    void withLazyInitializationEventsAndChannelsStillWork() {
        runner.withPropertyValues("discovery.channels=audit")
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
                .run(context -> {
                    assertThat(context.getBean(Discovery.class).isRunning()).isTrue();
                    assertThat(context.getBeanFactory().containsSingleton("discoveryEventPublisher")).isTrue();
                    assertThat(context.getBeanFactory().containsSingleton("discoveryNeedsReadiness")).isTrue();
                    // Channels are joined by the event publisher now, with no bean of their own.
                    assertThat(context.getBean(Discovery.class).channels()).containsExactly("audit");
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aNodeTimeoutShorterThanTwoHellosIsWarnedAboutNamingBothPropertiesAndAValueThatWorks(CapturedOutput output) {
        runner.withPropertyValues("discovery.hello-interval=3s", "discovery.node-timeout=6s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).doesNotContain("discovery.node-timeout");
        });
        runner.withPropertyValues("discovery.hello-interval=3s", "discovery.node-timeout=5s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("WARN").contains("discovery.node-timeout (5s) is shorter than two "
                    + "discovery.hello-interval (3s): one lost hello removes a live node. Set discovery.node-timeout "
                    + "to 9s (three hellos) or more");
        });
    }

    @Test
    void aPortThatCannotBeBoundFailsStartupNamingTheProperties() throws Exception {
        try (java.net.DatagramSocket holder = new java.net.DatagramSocket(null)) {
            holder.setReuseAddress(false);
            holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), port));
            runner.withPropertyValues("discovery.bind-address=127.0.0.1", "discovery.reuse-addr=false").run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new DiscoveryStartupFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).isNotNull();
                assertThat(analysis.getDescription()).contains("127.0.0.1:" + port);
                assertThat(analysis.getAction()).contains("discovery.port").contains("discovery.bind-address");
            });
        }
    }

    /** Unset properties leave every option at the core's default (CoreOptionTableTests checks the IDE metadata). */
    @Test
    void propertyDefaultsAreTheCoresDefaults() {
        DiscoveryPropertiesMapper mapper = new DiscoveryPropertiesMapper(new DiscoveryProperties());
        assertThat(mapper.discoveryOptions(java.util.stream.Stream.empty()).toString())
                .isEqualTo(DiscoveryOptions.builder().build().toString());
        assertThat(mapper.serviceOptions()).isEqualTo(dev.discovery.ServiceOptions.DEFAULTS);
    }

    @Test
    void closingTheContextStopsTheNode() {
        AtomicReference<Discovery> discovery = new AtomicReference<>();
        runner.run(context -> discovery.set(context.getBean(Discovery.class)));
        assertThat(discovery.get().isRunning()).isFalse();
    }

    @Test
    void advertisesTheServiceAndRegistersTheNeeds() {
        runner.withPropertyValues("discovery.service.name=orders", "discovery.service.port=8080",
                "discovery.service.metadata.zone=a", "discovery.needs=billing,stock", "discovery.wait-for-needs=5s",
                "discovery.keys=secret", "discovery.setup-timeout=3s").run(context -> {
                    Discovery discovery = context.getBean(Discovery.class);
                    assertThat(discovery.advertisement()).isEqualTo(Map.of("name", "orders", "port", 8080, "zone", "a"));
                    assertThat(discovery.options().keys()).containsExactly("secret");
                    ServiceDiscovery services = context.getBean(ServiceDiscovery.class);
                    assertThat(services.needs()).containsExactlyInAnyOrder("billing", "stock");
                    assertThat(services.isReady()).isFalse();
                    assertThat(context).hasSingleBean(WaitForNeedsRunner.class);
                });
    }

    @Test
    void metadataFromYamlKeepsItsTypes() {
        String yaml = """
                discovery:
                  service:
                    name: orders
                    metadata:
                      version: 1.0
                      replicas: 3
                      canary: false
                      zone: eu-1
                      labels:
                        team: payments
                """;
        runner.withInitializer(context -> {
            try {
                new YamlPropertySourceLoader().load("yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                        .forEach(context.getEnvironment().getPropertySources()::addFirst);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).run(context -> assertThat(context.getBean(Discovery.class).advertisement()).isEqualTo(Map.of(
                "name", "orders", "version", 1.0, "replicas", 3, "canary", false, "zone", "eu-1",
                "labels", Map.of("team", "payments"))));
    }

    @Test
    void disabledCreatesNothing() {
        runner.withPropertyValues("discovery.enabled=false").run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(Discovery.class).doesNotHaveBean(ServiceDiscovery.class)
                .doesNotHaveBean(DiscoveryLifecycle.class).doesNotHaveBean(ChannelSender.class));
    }

    @Test
    void backsOffFromTheApplicationsDiscoveryAndWrapsIt() {
        runner.withUserConfiguration(OwnDiscovery.class).run(context -> {
            assertThat(context).hasSingleBean(Discovery.class).hasBean("ownDiscovery");
            Discovery own = context.getBean(Discovery.class);
            assertThat(own.options().weight()).isEqualTo(7.0);
            assertThat(context.getBean(ServiceDiscovery.class).discovery()).isSameAs(own);
            assertThat(own.isRunning()).isTrue();
        });
    }

    @Test
    void backsOffFromTheApplicationsServiceDiscovery() {
        runner.withUserConfiguration(OwnServiceDiscovery.class).run(context -> {
            assertThat(context).hasSingleBean(ServiceDiscovery.class).hasBean("ownServiceDiscovery")
                    .doesNotHaveBean(Discovery.class);
            assertThat(context.getBean(ServiceDiscovery.class).discovery().isRunning()).isTrue();
        });
    }

    @Test
    void customizersAdjustTheOptions() {
        runner.withBean(DiscoveryOptionsCustomizer.class, () -> builder -> builder.weight(42.0))
                .run(context -> assertThat(context.getBean(Discovery.class).options().weight()).isEqualTo(42.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "discovery.node-timeout=100ms | discovery.node-timeout (PT0.1S) must be at least discovery.check-interval (PT0.5S)",
        "discovery.master-timeout=1s | discovery.master-timeout (PT1S) must be at least discovery.node-timeout (PT1.5S)",
        "discovery.port=70000 | discovery.port must be between 1 and 65535, was 70000",
        "discovery.masters-required=0 | discovery.masters-required must be at least 1",
        "discovery.hello-interval=0s | discovery.hello-interval must be a positive duration",
        "discovery.hello-interval=5s | discovery.node-timeout (PT1.5S) must be longer than discovery.hello-interval (PT5S)",
        "discovery.unicast=host:99999 | discovery.unicast",
        "discovery.keys=base64:abc | discovery.keys",
        "discovery.setup-retry-max=100ms | discovery.setup-retry-max (PT0.1S) must be at least discovery.setup-retry-delay (PT1S)",
        "discovery.service.metadata.port=1 | discovery.service.metadata.port is not allowed: use discovery.service.port",
        "discovery.service.port=8080 | discovery.service.name is not set",
        "discovery.wait-for-needs=0s | discovery.wait-for-needs must be a positive duration",
        "discovery.channels=hello | discovery.channels: 'hello' is reserved",
        "discovery.multicast-ttl=256 | discovery.multicast-ttl must be between 0 and 255, was 256",
    })
    void badValuesFailStartupNamingTheProperty(String property, String expected) {
        assertStartupFails(runner.withPropertyValues(property), expected);
    }

    @Test
    void namesLongerThanReceiversAcceptFailStartupNamingTheProperty() {
        String tooLong = "a".repeat(Discovery.MAX_NAME_LENGTH + 1);
        assertStartupFails(runner.withPropertyValues("discovery.host-name=" + tooLong),
                "discovery.host-name must be at most 255 characters");
        assertStartupFails(runner.withPropertyValues("discovery.channels=" + tooLong),
                "discovery.channels: a channel name has at most 255 characters");
    }

    @Test
    void aRuleBetweenTwoPropertiesNamesTheProperty() {
        assertStartupFails(runner.withPropertyValues("discovery.keys=a,b", "discovery.encryption=aes256-legacy"),
                "discovery.keys must be exactly one key with the legacy aes256 encryption, 2 were given");
    }

    @Test
    void aQuorumWithATooShortTakeoverFailsStartupNamingEveryProperty() {
        // Loopback timings: node-timeout 1.5 s, hello-interval 0.2 s.
        assertStartupFails(runner.withPropertyValues("discovery.quorum.minimum-size=2",
                        "discovery.takeover-timeout=1s"),
                "discovery.takeover-timeout (PT1S) must be longer, with a quorum set, than the sum of "
                        + "discovery.node-timeout + discovery.hello-interval (PT1.7S)");
    }

    private static void assertStartupFails(ApplicationContextRunner runner, String expected) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new DiscoveryStartupFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
            assertThat(analysis.getDescription()).startsWith("Invalid configuration: ").contains(expected);
            assertThat(analysis.getAction()).contains("discovery.*");
        });
    }

    @Test
    void valuesOfTheWrongTypeFailStartupNamingTheProperty() {
        runner.withPropertyValues("discovery.encryption=rot13").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'discovery.encryption'");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDiscovery {

        @Bean
        Discovery ownDiscovery(DiscoveryProperties properties) {
            return new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255").port(properties.getPort())
                    .weight(7.0).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServiceDiscovery {

        @Bean
        ServiceDiscovery ownServiceDiscovery(DiscoveryProperties properties) {
            return new ServiceDiscovery(new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255")
                    .port(properties.getPort()).build()));
        }
    }
}
