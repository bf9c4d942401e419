package dev.discovery.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.Node;
import dev.discovery.spring.cloud.CloudDiscoveryClientAutoConfiguration;
import dev.discovery.spring.cloud.CloudLoadBalancerAutoConfiguration;
import dev.discovery.spring.cloud.DiscoveredInstance;
import dev.discovery.spring.cloud.ReactiveServiceDiscoveryClient;
import dev.discovery.spring.cloud.ServiceDiscoveryClient;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import dev.discovery.spring.registration.ServiceRegistrationAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.DiscoveryClientServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Cloud beans: there with Spring Cloud on the class path and its switches on, absent otherwise, ordered
 * among the other DiscoveryClients, and the load balancer's list in every client context.
 */
class SpringCloudAutoConfigurationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
                    ServiceRegistrationAutoConfiguration.class, CloudDiscoveryClientAutoConfiguration.class,
                    CloudLoadBalancerAutoConfiguration.class, UtilAutoConfiguration.class,
                    CompositeDiscoveryClientAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
                    ReactiveCompositeDiscoveryClientAutoConfiguration.class,
                    SimpleReactiveDiscoveryClientAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
                    BlockingLoadBalancerClientAutoConfiguration.class))
            .withPropertyValues(Loopback.properties(port));

    @Test
    void bothClientsJoinTheCompositeInTheirOrder() {
        runner.withPropertyValues("discovery.cloud.order=-1").run(context -> {
            assertThat(context).hasSingleBean(ServiceDiscoveryClient.class)
                    .hasSingleBean(ReactiveServiceDiscoveryClient.class);
            List<DiscoveryClient> clients = context.getBean(CompositeDiscoveryClient.class).getDiscoveryClients();
            assertThat(clients).hasSizeGreaterThan(1).first().isInstanceOf(ServiceDiscoveryClient.class);
            assertThat(clients.get(0).getOrder()).isEqualTo(-1);
        });
    }

    @Test
    void springCloudHearsThatTheInstanceIsInDiscoveryOnceTheApplicationHasStarted() {
        runner.run(context -> {
            List<InstanceRegisteredEvent<?>> registered = new CopyOnWriteArrayList<>();
            context.addApplicationListener((ApplicationListener<InstanceRegisteredEvent<?>>) registered::add);
            context.publishEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0],
                    (ConfigurableApplicationContext) context.getSourceApplicationContext(), Duration.ZERO));
            // What sets Spring Cloud's discoveryComposite health indicator from UNKNOWN to UP.
            assertThat(registered).singleElement().extracting(e -> ((Node) e.getConfig()).id())
                    .isEqualTo(context.getBean(Discovery.class).id());
        });
    }

    @ParameterizedTest
    @CsvSource({
        "spring.cloud.discovery.enabled=false,          false, false",
        "spring.cloud.discovery.reactive.enabled=false, true,  false",
        "spring.cloud.discovery.blocking.enabled=false, false, true",
        "discovery.cloud.enabled=false,                 false, false",
        "discovery.enabled=false,                       false, false",
    })
    void switches(String property, boolean blocking, boolean reactive) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context.getBeansOfType(ServiceDiscoveryClient.class)).hasSize(blocking ? 1 : 0);
            assertThat(context.getBeansOfType(ReactiveServiceDiscoveryClient.class)).hasSize(reactive ? 1 : 0);
        });
    }

    @Test
    void withoutSpringCloudTheStarterWorksAsBefore() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
                        ServiceRegistrationAutoConfiguration.class, CloudDiscoveryClientAutoConfiguration.class,
                        CloudLoadBalancerAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.cloud", "reactor."))
                .withPropertyValues(Loopback.properties(port)).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Discovery.class);
                    assertThat(context).doesNotHaveBean("serviceDiscoveryClient")
                            .doesNotHaveBean("reactiveServiceDiscoveryClient");
                });
    }

    @Test
    void loadBalancedClientsGetTheMembershipListWithTheChosenConfiguration() {
        runner.run(context -> assertThat(supplier(context.getBean(LoadBalancerClientFactory.class)))
                .isNotInstanceOf(DelegatingServiceInstanceListSupplier.class)
                .extracting(ServiceInstanceListSupplier::getServiceId).isEqualTo("billing"));
        runner.withPropertyValues("spring.cloud.loadbalancer.configurations=zone-preference").run(context ->
                assertThat(supplier(context.getBean(LoadBalancerClientFactory.class)))
                        .isInstanceOfSatisfying(ZonePreferenceServiceInstanceListSupplier.class, zone ->
                                assertThat(zone.getDelegate()).isNotInstanceOf(CachingServiceInstanceListSupplier.class)));
        // Configurations that probe instances, and the switch, leave Spring Cloud's own lists.
        runner.withPropertyValues("spring.cloud.loadbalancer.configurations=health-check").run(context ->
                assertThat(context.getBean(LoadBalancerClientFactory.class)
                        .getInstances("billing", ServiceInstanceListSupplier.class))
                        .doesNotContainKey("discoveryServiceInstanceListSupplier"));
        runner.withPropertyValues("discovery.cloud.load-balancer.enabled=false").run(context ->
                assertThat(supplier(context.getBean(LoadBalancerClientFactory.class)))
                        .isInstanceOf(DiscoveryClientServiceInstanceListSupplier.class));
    }

    @Test
    void aServiceOfferedByAnotherContextIsListedAndChosen() {
        runner.withPropertyValues("discovery.service.name=billing", "discovery.service.port=8081",
                "discovery.service.metadata.zone=eu-1").run(billing -> {
            String billingId = billing.getBean(Discovery.class).id();
            runner.withUserConfiguration(Heartbeats.class).run(caller -> {
                DiscoveryClient client = caller.getBean(ServiceDiscoveryClient.class);
                await().atMost(PATIENCE).until(() -> client.getInstances("billing").size() == 1);
                ServiceInstance instance = client.getInstances("billing").get(0);
                assertThat(instance).isInstanceOf(DiscoveredInstance.class);
                assertThat(instance.getInstanceId()).isEqualTo(billingId);
                assertThat(instance.getPort()).isEqualTo(8081);
                assertThat(instance.getMetadata()).containsEntry("zone", "eu-1");
                assertThat(caller.getBean(ReactiveDiscoveryClient.class).getInstances("billing").collectList().block())
                        .containsExactly(instance);
                assertThat(caller.getBean(LoadBalancerClient.class).choose("billing")).isEqualTo(instance);
                assertThat(caller.getBean(Heartbeats.class).values).isNotEmpty();
            });
        });
    }

    @Test
    void zonePreferenceDefaultsToThisApplicationsOwnZone() {
        runner.withPropertyValues("discovery.service.name=billing", "discovery.service.metadata.zone=eu-1").run(near ->
            runner.withPropertyValues("discovery.service.name=billing", "discovery.service.metadata.zone=eu-2").run(far ->
                runner.withPropertyValues("discovery.service.name=caller", "discovery.service.metadata.zone=EU-1",
                        "spring.cloud.loadbalancer.configurations=zone-preference").run(caller -> {
                    DiscoveryClient client = caller.getBean(ServiceDiscoveryClient.class);
                    await().atMost(PATIENCE).until(() -> client.getInstances("billing").size() == 2);
                    LoadBalancerClient loadBalancer = caller.getBean(LoadBalancerClient.class);
                    for (int i = 0; i < 4; i++) {
                        assertThat(loadBalancer.choose("billing").getInstanceId())
                                .isEqualTo(near.getBean(Discovery.class).id());
                    }
                })));
    }

    private static ServiceInstanceListSupplier supplier(LoadBalancerClientFactory factory) {
        return factory.getInstance("billing", ServiceInstanceListSupplier.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Heartbeats implements ApplicationListener<HeartbeatEvent> {

        final List<Object> values = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(HeartbeatEvent event) {
            values.add(event.getValue());
        }
    }
}
