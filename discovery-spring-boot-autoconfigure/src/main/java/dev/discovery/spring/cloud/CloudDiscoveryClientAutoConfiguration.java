package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/**
 * Spring Cloud's {@code DiscoveryClient} and {@code ReactiveDiscoveryClient} over discovery, and a
 * {@code HeartbeatEvent} on every membership change. Honours Spring Cloud's switches
 * ({@code spring.cloud.discovery.enabled}, {@code spring.cloud.discovery.blocking.enabled},
 * {@code spring.cloud.discovery.reactive.enabled}) and {@code discovery.cloud.enabled}.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class, beforeName = {
        "org.springframework.cloud.client.CommonsClientAutoConfiguration",
        "org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration",
        "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
        "org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration"})
@ConditionalOnClass(DiscoveryClient.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "discovery.cloud.enabled", matchIfMissing = true)
@ConditionalOnBean(ServiceDiscovery.class)
@EnableConfigurationProperties(CloudProperties.class)
@ConditionalOnUdpBackend
public final class CloudDiscoveryClientAutoConfiguration {

    @Bean
    MembershipHeartbeat discoveryMembershipHeartbeat(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        return new MembershipHeartbeat(services, publisher);
    }

    @Bean
    DiscoveryClientReady discoveryClientReady(ServiceDiscovery services) {
        return new DiscoveryClientReady(services);
    }

    /** Nothing injects these: lazy initialization would leave them out. */
    @Bean
    static LazyInitializationExcludeFilter discoveryHeartbeatEagerBean() {
        return LazyInitializationExcludeFilter.forBeanTypes(MembershipHeartbeat.class, DiscoveryClientReady.class);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBlockingDiscoveryEnabled
    static class Blocking {

        @Bean
        @ConditionalOnMissingBean
        ServiceDiscoveryClient serviceDiscoveryClient(ServiceDiscovery services, CloudProperties properties) {
            return new ServiceDiscoveryClient(services, properties.getOrder());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flux.class)
    @ConditionalOnReactiveDiscoveryEnabled
    static class Reactive {

        @Bean
        @ConditionalOnMissingBean
        ReactiveServiceDiscoveryClient reactiveServiceDiscoveryClient(ServiceDiscovery services,
                CloudProperties properties) {
            return new ReactiveServiceDiscoveryClient(services, properties.getOrder());
        }
    }
}
