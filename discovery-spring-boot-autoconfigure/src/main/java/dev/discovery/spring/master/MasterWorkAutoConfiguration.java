package dev.discovery.spring.master;

import dev.discovery.Discovery;
import dev.discovery.MasterLifecycle;
import dev.discovery.MasterWork;
import dev.discovery.Node;
import dev.discovery.Ownership;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.event.OwnershipChangedEvent;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.util.StringUtils;

/**
 * Work on the leader and keys spread over the cluster: a {@link MasterWork} and an {@link Ownership} bean,
 * {@link MasterOnly} methods and lifecycles, {@link OnMasterStart} / {@link OnMasterStop} methods,
 * {@link OwnershipChangedEvent}s, meters, and Spring Integration leader events when Spring Integration is present.
 * Without a node ({@code discovery.enabled=false}) no node leads: master-only methods are skipped and master
 * lifecycles never start, rather than running on every instance.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
public final class MasterWorkAutoConfiguration {

    @Bean
    @ConditionalOnBean(ServiceDiscovery.class)
    @ConditionalOnMissingBean
    MasterWork discoveryMasterWork(ServiceDiscovery services) {
        return new MasterWork(services.membership());
    }

    /**
     * Keys are shared by the master-eligible instances of this application's service ({@code discovery.service.name}),
     * or by every master-eligible node when it offers none: other services on the same port take no part.
     */
    @Bean
    @ConditionalOnUdpBackend
    @ConditionalOnBean(ServiceDiscovery.class)
    @ConditionalOnMissingBean
    Ownership discoveryOwnership(ServiceDiscovery services, Environment environment) {
        String service = environment.getProperty("discovery.service.name");
        Predicate<Node> candidate = StringUtils.hasText(service)
                ? node -> node.masterEligible() && service.equals(node.advertisementMap().get("name"))
                : Node::masterEligible;
        return new Ownership(services.discovery(), candidate);
    }

    @Bean
    @ConditionalOnUdpBackend
    @ConditionalOnBean(ServiceDiscovery.class)
    SmartInitializingSingleton discoveryOwnershipEvents(Ownership ownership, ServiceDiscovery services,
            ApplicationEventPublisher publisher) {
        Discovery discovery = services.discovery();
        return () -> ownership.addListener(change -> publisher.publishEvent(new OwnershipChangedEvent(discovery, change)));
    }

    /** Master lifecycles do their work when the lead comes, and nothing injects them: lazy, they would never start. */
    @Bean
    static LazyInitializationExcludeFilter discoveryMasterLifecyclesEager() {
        return LazyInitializationExcludeFilter.forBeanTypes(MasterLifecycle.class);
    }

    // Post-processors are static so that creating them does not create this configuration (and its beans) early.

    @Bean
    static MasterOnlyProxies discoveryMasterOnlyProxies(ObjectProvider<MasterWork> work) {
        return new MasterOnlyProxies(work);
    }

    @Bean
    static MasterLifecycles discoveryMasterLifecycles(ObjectProvider<MasterWork> work) {
        return new MasterLifecycles(work);
    }

    /** {@code discovery.master.only.calls} (ran, skipped) and {@code discovery.leader} (1 on the leader). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(ServiceDiscovery.class)
    static class Meters {

        @Bean
        MeterBinder discoveryMasterWorkMeters(MasterWork work) {
            return registry -> {
                FunctionCounter.builder("discovery.master.only.calls", work, MasterWork::runs).tag("result", "ran")
                        .description("Calls of master-only work, by whether they ran here or were skipped")
                        .register(registry);
                FunctionCounter.builder("discovery.master.only.calls", work, MasterWork::skips).tag("result", "skipped")
                        .description("Calls of master-only work, by whether they ran here or were skipped")
                        .register(registry);
                Gauge.builder("discovery.leader", work, w -> w.isLeader() ? 1 : 0)
                        .description("1 when this node is the leader and runs master-only work, else 0")
                        .register(registry);
            };
        }
    }

    /** The lead as Spring Integration's OnGrantedEvent / OnRevokedEvent, for role-controlled endpoints. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LeaderEventPublisher.class)
    @ConditionalOnUdpBackend // on the registry backend the leader initiator publishes these events itself
    @ConditionalOnBean(ServiceDiscovery.class)
    @EnableConfigurationProperties(DiscoveryIntegrationProperties.class)
    static class SpringIntegration {

        @Bean
        IntegrationLeaderEvents discoveryIntegrationLeaderEvents(ServiceDiscovery services, MasterWork work,
                ObjectProvider<LeaderEventPublisher> publishers, ApplicationEventPublisher events,
                DiscoveryIntegrationProperties properties) {
            return new IntegrationLeaderEvents(services.discovery(), work,
                    publishers.getIfAvailable(() -> new DefaultLeaderEventPublisher(events)), properties.getRole());
        }
    }
}
