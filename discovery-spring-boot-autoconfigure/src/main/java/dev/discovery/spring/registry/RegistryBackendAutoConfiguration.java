package dev.discovery.spring.registry;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.master.DiscoveryIntegrationProperties;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import dev.discovery.spring.node.DiscoveryProperties;
import dev.discovery.spring.node.DiscoveryPropertiesMapper;
import dev.discovery.spring.node.DiscoveryStartupException;
import dev.discovery.spring.registry.RegistryMembership;
import dev.discovery.spring.registry.RegistryProperties;
import org.apache.curator.framework.CuratorFramework;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;

/**
 * The registry backend, {@code discovery.backend=registry}: the same {@link ServiceDiscovery} (needs, readiness,
 * setup hooks, handles, service events) and master-only work, with membership from the application's Spring Cloud
 * {@link DiscoveryClient} and the lead from a Spring Integration leader initiator of role
 * {@code discovery.integration.role}. Runs before {@link DiscoveryAutoConfiguration}, whose UDP node then backs off.
 */
@AutoConfiguration(before = DiscoveryAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "discovery.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "discovery.backend", havingValue = "registry")
@ConditionalOnClass(DiscoveryClient.class)
@EnableConfigurationProperties({DiscoveryProperties.class, RegistryProperties.class})
public final class RegistryBackendAutoConfiguration {


    @Bean
    @ConditionalOnMissingBean
    RegistryMembership discoveryRegistryMembership(ObjectProvider<DiscoveryClient> clients,
            ObjectProvider<Registration> registration, RegistryProperties properties) {
        DiscoveryClient client = clients.getIfAvailable();
        if (client == null) {
            throw new DiscoveryStartupException("discovery.backend=registry, but the application has no Spring Cloud "
                    + "DiscoveryClient to read the registry with", DiscoveryStartupException.ADD_REGISTRY_STARTER, null);
        }
        return new RegistryMembership(client, registration::getIfAvailable, properties.getPollInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceDiscovery serviceDiscovery(RegistryMembership membership, DiscoveryProperties properties,
            Environment environment) {
        UdpOnlyProperties.rejectOnRegistry(environment);
        DiscoveryPropertiesMapper mapper = new DiscoveryPropertiesMapper(properties);
        ServiceDiscovery services = new ServiceDiscovery(membership, mapper.serviceOptions());
        mapper.applyTo(services);
        return services;
    }

    /** Registries that can push (ZooKeeper watches, Consul blocking queries) announce each change this way. */
    @Bean
    ApplicationListener<HeartbeatEvent> discoveryRegistryHeartbeats(RegistryMembership membership) {
        return event -> membership.refreshSoon();
    }

    /** With Spring Cloud ZooKeeper: how long a crash goes unnoticed, read from the session ZooKeeper granted. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.curator.framework.CuratorFramework")
    static class ZooKeeper {

        @Bean
        @ConditionalOnBean(type = "org.apache.curator.framework.CuratorFramework")
        ZooKeeperSessionCheck discoveryZooKeeperSessionCheck(CuratorFramework client) {
            return new ZooKeeperSessionCheck(client);
        }

        /** Nothing injects the check: lazy initialization would leave it out. */
        @Bean
        static LazyInitializationExcludeFilter discoveryZooKeeperEagerBeans() {
            return LazyInitializationExcludeFilter.forBeanTypes(ZooKeeperSessionCheck.class);
        }
    }

    /** The lead of the role from whichever leader initiator the application runs (ZooKeeper, JDBC or Redis locks). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(AbstractLeaderEvent.class)
    @EnableConfigurationProperties(DiscoveryIntegrationProperties.class)
    static class Leadership {

        @Bean
        ApplicationListener<AbstractLeaderEvent> discoveryRegistryLeadership(RegistryMembership membership,
                DiscoveryIntegrationProperties properties) {
            return event -> {
                if (properties.getRole().equals(event.getRole())) {
                    if (event instanceof OnGrantedEvent) {
                        membership.lead(true);
                    } else if (event instanceof OnRevokedEvent) {
                        membership.lead(false);
                    }
                }
            };
        }
    }
}
