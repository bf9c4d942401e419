package dev.discovery.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.MasterWork;
import dev.discovery.Ownership;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceInstance;
import dev.discovery.spring.actuate.DiscoveryActuatorAutoConfiguration;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.channel.ChannelSender;
import dev.discovery.spring.event.DemotedEvent;
import dev.discovery.spring.event.DiscoveryApplicationEvent;
import dev.discovery.spring.event.PromotedEvent;
import dev.discovery.spring.event.ServiceNotReadyEvent;
import dev.discovery.spring.event.ServiceReadyEvent;
import dev.discovery.spring.master.IntegrationLeaderEvents;
import dev.discovery.spring.master.MasterWorkAutoConfiguration;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import dev.discovery.spring.registration.ServiceRegistrationAutoConfiguration;
import dev.discovery.spring.registry.RegistryMembership;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/**
 * {@code discovery.backend=registry} with an in-memory DiscoveryClient standing in for a registry
 * and leader events published by hand: the wiring, needs and readiness, the lead, and the clear failures. The real
 * registry (a ZooKeeper ensemble) is in discovery-registry-tests.
 */
class RegistryBackendTests {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final FakeRegistry registry = new FakeRegistry();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RegistryBackendAutoConfiguration.class,
                    DiscoveryAutoConfiguration.class, MasterWorkAutoConfiguration.class,
                    ServiceRegistrationAutoConfiguration.class))
            .withPropertyValues("discovery.backend=registry", "discovery.registry.poll-interval=1h")
            .withBean(DiscoveryClient.class, () -> registry)
            .withUserConfiguration(Recorder.class);

    @Test
    void servicesAndMasterWorkComeFromTheRegistryAndTheUdpOnlyPartsAreAbsent() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ServiceDiscovery.class).hasSingleBean(MasterWork.class)
                    .hasSingleBean(RegistryMembership.class).doesNotHaveBean(Discovery.class)
                    .doesNotHaveBean(ChannelSender.class).doesNotHaveBean(Ownership.class)
                    .doesNotHaveBean(IntegrationLeaderEvents.class);
            ServiceDiscovery services = context.getBean(ServiceDiscovery.class);
            assertThat(services.membership()).isSameAs(context.getBean(RegistryMembership.class));
            assertThatThrownBy(services::discovery).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("need the UDP backend").hasMessageContaining("discovery.backend=registry");
        });
    }

    @Test
    void aNeededServiceIsReadyWhenTheRegistryHasItAndNotReadyWhenItIsGone() {
        runner.withPropertyValues("discovery.needs=billing").run(context -> {
            ServiceDiscovery services = context.getBean(ServiceDiscovery.class);
            assertThat(services.isReady()).isFalse();

            registry.setInstances(Map.of("billing", List.of(new DefaultServiceInstance("billing-1", "billing",
                    "127.0.0.1", 9000, false, Map.of("zone", "a")))));
            context.publishEvent(new HeartbeatEvent(this, 1)); // a registry that pushes says so
            await().atMost(BOUND).until(services::isReady);
            ServiceInstance billing = services.instances("billing").get(0);
            assertThat(billing.nodeId()).isEqualTo("billing-1");
            assertThat(billing.host()).isEqualTo("127.0.0.1");
            assertThat(billing.port()).hasValue(9000);
            assertThat(billing.info()).containsEntry("zone", "a");

            registry.setInstances(Map.of());
            context.publishEvent(new HeartbeatEvent(this, 2));
            await().atMost(BOUND).until(() -> !services.isReady());
            assertThat(services.missing()).containsExactly("billing");
            await().atMost(BOUND).until(() -> recorded(context, ServiceNotReadyEvent.class));
            assertThat(recorded(context, ServiceReadyEvent.class)).isTrue();
        });
    }

    @Test
    void healthNamesTheMissingNeedsAsOnTheUdpBackend() {
        runner.withConfiguration(AutoConfigurations.of(DiscoveryActuatorAutoConfiguration.class))
                .withPropertyValues("discovery.needs=billing").run(context -> {
                    HealthIndicator health = context.getBean("discoveryHealthContributor", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(health.health().getDetails()).containsEntry("missing", Set.of("billing"))
                            .containsEntry("nodeId", context.getBean(RegistryMembership.class).id());

                    registry.setInstances(Map.of("billing", List.of(new DefaultServiceInstance("billing-1",
                            "billing", "127.0.0.1", 9000, false))));
                    context.publishEvent(new HeartbeatEvent(this, 1));
                    await().atMost(BOUND).until(() -> health.health().getStatus().equals(Status.UP));
                    assertThat(health.health().getDetails()).doesNotContainKey("missing");
                });
    }

    @Test
    void listenersAreNotToldTheApplicationIsReadyBeforeTheRegistryHasItsNeeds() {
        List<ReadinessState> seen = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> recorder = event -> {
            if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state) {
                seen.add(state);
            }
        };
        runner.withPropertyValues("discovery.needs=billing").withBean("readinessRecorder", ApplicationListener.class,
                () -> recorder).run(context -> {
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC); // as Boot does
                    assertThat(seen).containsExactly(ReadinessState.REFUSING_TRAFFIC);
                });
    }

    @Test
    void theApplicationsOwnRegistrationIsLeftOutEvenWithoutAnInstanceId() {
        registry.setInstances(Map.of("orders", List.of(
                new DefaultServiceInstance(null, "orders", "127.0.0.1", 8080, false),
                new DefaultServiceInstance(null, "orders", "127.0.0.1", 8081, false))));
        runner.withBean(Registration.class, OwnRegistration::new).run(context -> assertThat(
                context.getBean(RegistryMembership.class).nodes()).extracting(node -> node.port())
                .containsExactly(8081));
    }

    /** As Spring Cloud ZooKeeper's registration: service, host and port, no instance id. */
    static final class OwnRegistration extends DefaultServiceInstance implements Registration {
        OwnRegistration() {
            super(null, "orders", "127.0.0.1", 8080, false);
        }
    }

    @Test
    void anInstanceThatSaysItIsNotReadyIsNotAvailable() {
        registry.setInstances(Map.of("billing", List.of(new DefaultServiceInstance("billing-1", "billing",
                "127.0.0.1", 9000, false, Map.of("ready", "false")))));
        runner.withPropertyValues("discovery.needs=billing").run(context -> {
            ServiceDiscovery services = context.getBean(ServiceDiscovery.class);
            assertThat(context.getBean(RegistryMembership.class).nodes()).hasSize(1);
            assertThat(services.isReady()).isFalse();
        });
    }

    @Test
    void theLeaderInitiatorsEventsOfTheRoleDriveMasterWorkAndPromotionEvents() {
        runner.withPropertyValues("discovery.integration.role=cluster").run(context -> {
            MasterWork work = context.getBean(MasterWork.class);
            assertThat(work.isLeader()).isFalse();

            context.publishEvent(new OnGrantedEvent(this, NO_CONTEXT, "another-role"));
            context.publishEvent(new OnGrantedEvent(this, NO_CONTEXT, "cluster"));
            await().atMost(BOUND).until(work::isLeader);
            await().atMost(BOUND).until(() -> recorded(context, PromotedEvent.class));
            assertThat(work.runIfLeader(() -> { })).isTrue();

            context.publishEvent(new OnRevokedEvent(this, NO_CONTEXT, "cluster"));
            await().atMost(BOUND).until(() -> !work.isLeader());
            await().atMost(BOUND).until(() -> recorded(context, DemotedEvent.class));
            assertThat(work.runIfLeader(() -> { })).isFalse();
            DiscoveryApplicationEvent promoted = context.getBean(Recorder.class).events.stream()
                    .filter(PromotedEvent.class::isInstance).findFirst().orElseThrow();
            assertThat(promoted.getMembership()).isSameAs(context.getBean(RegistryMembership.class));
            assertThatThrownBy(promoted::getDiscovery).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("getMembership()");
        });
    }

    @Test
    void aChannelListenerOnTheRegistryBackendFailsTheStartupAndSaysWhy() {
        runner.withUserConfiguration(Listening.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("need the UDP backend"));
    }

    @Test
    void aPropertyOfTheUdpEngineOnTheRegistryBackendFailsTheStartupAndNamesIt() {
        runner.withPropertyValues("discovery.node-timeout=2s", "discovery.unicast[0]=127.0.0.1:5000",
                "discovery.registration.drain=1s").run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("[discovery.node-timeout, discovery.unicast, "
                                + "discovery.registration] only apply to the UDP engine"));
    }

    @Test
    void withoutADiscoveryClientTheRegistryBackendFailsTheStartupAndSaysWhatToAdd() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RegistryBackendAutoConfiguration.class,
                        DiscoveryAutoConfiguration.class))
                .withPropertyValues("discovery.backend=registry").run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("no Spring Cloud DiscoveryClient"));
    }

    private static boolean recorded(ConfigurableApplicationContext context, Class<?> type) {
        return context.getBean(Recorder.class).events.stream().anyMatch(type::isInstance);
    }

    private static final Context NO_CONTEXT = new Context() {
        @Override
        public boolean isLeader() {
            return false;
        }

        @Override
        public void yield() {
        }
    };

    /** A registry whose instances the test sets. */
    static final class FakeRegistry implements DiscoveryClient {

        private volatile Map<String, List<DefaultServiceInstance>> instances = Map.of();

        void setInstances(Map<String, List<DefaultServiceInstance>> instances) {
            this.instances = Map.copyOf(instances);
        }

        @Override
        public String description() {
            return "a fake registry";
        }

        @Override
        public List<org.springframework.cloud.client.ServiceInstance> getInstances(String serviceId) {
            return List.copyOf(instances.getOrDefault(serviceId, List.of()));
        }

        @Override
        public List<String> getServices() {
            return List.copyOf(instances.keySet());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Recorder implements ApplicationListener<DiscoveryApplicationEvent> {

        final List<DiscoveryApplicationEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(DiscoveryApplicationEvent event) {
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {

        @ChannelListener("news")
        void onNews(String news) {
        }
    }
}
