package dev.discovery.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spi.Transport;
import dev.discovery.spring.TwoOwnNodes;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The conditions of the actuator and metrics auto-configurations, and what their beans report. */
class DiscoveryActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
                    DiscoveryActuatorAutoConfiguration.class, DiscoveryMetricsAutoConfiguration.class))
            .withPropertyValues("discovery.broadcast=127.255.255.255", "discovery.port=" + freePort(),
                    "discovery.hello-interval=200ms", "discovery.check-interval=500ms", "discovery.node-timeout=1500ms");

    @Test
    void defaultsGiveHealthInfoAndMetersButNoEndpointUntilExposed() {
        runner.run(context -> assertThat(context).hasSingleBean(DiscoveryHealthIndicator.class)
                .hasSingleBean(DiscoveryInfoContributor.class).hasSingleBean(DiscoveryMeterBinder.class)
                .doesNotHaveBean(DiscoveryEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=discovery")
                .run(context -> assertThat(context).hasSingleBean(DiscoveryEndpoint.class));
    }

    @Test
    void healthIndicatorAndInfoContributorCanBeDisabled() {
        runner.withPropertyValues("management.health.discovery.enabled=false", "management.info.discovery.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryHealthIndicator.class)
                        .doesNotHaveBean(DiscoveryInfoContributor.class).hasSingleBean(Discovery.class));
    }

    @Test
    void withoutActuatorOnTheClassPathOnlyTheNodeIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate"))
                .withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Discovery.class)
                        .doesNotHaveBean(DiscoveryHealthIndicator.class).doesNotHaveBean(DiscoveryInfoContributor.class)
                        .doesNotHaveBean(DiscoveryEndpoint.class).hasSingleBean(DiscoveryMeterBinder.class));
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryMeterBinder.class)
                        .hasSingleBean(DiscoveryHealthIndicator.class));
    }

    @Test
    void nothingWhenDiscoveryIsDisabled() {
        runner.withPropertyValues("discovery.enabled=false", "management.endpoints.web.exposure.include=*")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryHealthIndicator.class)
                        .doesNotHaveBean(DiscoveryEndpoint.class).doesNotHaveBean(DiscoveryMeterBinder.class));
    }

    @Test
    void healthIsUpOutOfServiceWithMissingNeedsAndDownWhenStopped() {
        runner.run(context -> {
            Health health = context.getBean(DiscoveryHealthIndicator.class).health();
            Discovery discovery = context.getBean(Discovery.class);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("nodeId", discovery.id()).containsEntry("nodes", 1)
                    .containsKeys("master", "masters").doesNotContainKey("missing")
                    .containsEntry("service", "none: set spring.application.name or discovery.service.name");
            discovery.stop();
            assertThat(context.getBean(DiscoveryHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
        });
        runner.withPropertyValues("discovery.needs=billing", "discovery.service.name=orders").run(context -> {
            Health health = context.getBean(DiscoveryHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails()).containsEntry("missing", java.util.Set.of("billing"))
                    .containsEntry("service", "orders");
        });
    }

    /** A transport whose receive thread dies, as a decoder running out of memory once killed it. */
    static final class DyingTransport implements Transport {
        private volatile Receiver receiver;

        @Override
        public void start(Receiver target) {
            receiver = target;
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress destination) {
        }

        @Override
        public void stop() {
        }

        void die() {
            receiver.failed(new OutOfMemoryError("Java heap space (test)"));
        }
    }

    @Test
    void healthIsDownWithTheCauseWhenTheNodeFailedOnItsOwn() {
        DyingTransport transport = new DyingTransport();
        runner.withBean(Discovery.class, () -> new Discovery(DiscoveryOptions.builder().hostName("h").build(), transport,
                null)).run(context -> {
                    Discovery discovery = context.getBean(Discovery.class);
                    assertThat(context.getBean(DiscoveryHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                    transport.die();
                    Health health = context.getBean(DiscoveryHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("failure",
                            "java.lang.OutOfMemoryError: Java heap space (test)");
                    assertThat(discovery.isRunning()).isFalse();
                });
    }

    @Test
    void infoDescribesTheLocalNode() {
        runner.withPropertyValues("discovery.service.name=orders").run(context -> {
            Info.Builder builder = new Info.Builder();
            context.getBean(DiscoveryInfoContributor.class).contribute(builder);
            @SuppressWarnings("unchecked")
            Map<String, Object> node = (Map<String, Object>) builder.build().get("discovery");
            assertThat(node).containsEntry("id", context.getBean(Discovery.class).id())
                    .containsEntry("advertisement", Map.of("name", "orders")).containsKeys("hostName", "master");
        });
    }

    @Test
    void metersCountPackets() {
        runner.run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(DiscoveryMeterBinder.class).bindTo(registry);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("discovery.packets.sent").functionCounter().count()).isPositive();
                assertThat(registry.get("discovery.packets.dropped").tag("reason", "own").functionCounter().count())
                        .isPositive();
            });
            assertThat(registry.get("discovery.nodes").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("discovery.suspicion").functionCounters()).extracting(c -> c.getId().getTag("outcome"))
                    .containsExactlyInAnyOrder("reports", "probes", "confirmed", "refuted");
            assertThat(registry.get("discovery.suspicion").tag("outcome", "reports").functionCounter().count()).isZero();
            assertThat(registry.get("discovery.packets.dropped").functionCounters())
                    .hasSize(dev.discovery.DropReason.values().length);
            assertThat(List.of("discovery.masters", "discovery.packets.received", "discovery.packets.send.failures",
                    "discovery.packets.kernel.dropped", "discovery.channel.messages.unconvertible"))
                    .allSatisfy(name -> assertThat(registry.find(name).meter()).isNotNull());
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/udp"))) {
                assertThat(registry.get("discovery.packets.kernel.dropped").functionCounter().count()).isNotNaN();
                assertThat(context.getBean(DiscoveryHealthIndicator.class).health().getDetails())
                        .containsKey("kernelDrops");
            }
        });
    }

    @Test
    void severalNodesGiveOneHealthComponentEachAndNoSingleNodeViews() {
        runner.withUserConfiguration(TwoOwnNodes.class)
                .withPropertyValues("management.endpoints.web.exposure.include=discovery").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryInfoContributor.class)
                            .doesNotHaveBean(DiscoveryEndpoint.class).doesNotHaveBean(DiscoveryMeterBinder.class);
                    CompositeHealthContributor health = context.getBean("discoveryHealthContributor",
                            CompositeHealthContributor.class);
                    assertThat(health.stream().map(HealthContributors.Entry::name)).containsExactlyInAnyOrder(
                            "firstNode", "secondNode");
                    Health first = ((HealthIndicator) health.getContributor("firstNode")).health();
                    assertThat(first.getStatus()).isEqualTo(Status.UP);
                    assertThat(first.getDetails()).containsEntry("nodeId",
                            context.getBean("firstNode", ServiceDiscovery.class).discovery().id());
                });
    }

    @Test
    void theApplicationsHealthContributorReplacesTheStarters() {
        runner.withBean("discoveryHealthContributor", HealthIndicator.class, () -> () -> Health.down().build())
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryHealthIndicator.class)
                        .hasBean("discoveryHealthContributor"));
    }

    private static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
