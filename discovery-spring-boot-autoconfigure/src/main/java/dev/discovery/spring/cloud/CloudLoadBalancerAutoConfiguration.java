package dev.discovery.spring.cloud;

import dev.discovery.Discovery;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives every Spring Cloud LoadBalancer client ({@code @LoadBalanced} RestClient, WebClient, Gateway's
 * {@code lb://} routes) an instance list that follows discovery's membership: see
 * {@link DiscoveryLoadBalancerClientConfiguration}. {@code discovery.cloud.load-balancer.enabled=false} leaves Spring
 * Cloud's own list in place. Calls that cannot reach an instance report it ({@link FailedCallReporter}).
 */
@AutoConfiguration(after = CloudDiscoveryClientAutoConfiguration.class)
@ConditionalOnClass({ServiceInstanceListSupplier.class, LoadBalancerClients.class})
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "spring.cloud.loadbalancer.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "discovery.cloud.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "discovery.cloud.load-balancer.enabled", matchIfMissing = true)
@ConditionalOnBean(ServiceDiscovery.class)
@LoadBalancerClients(defaultConfiguration = DiscoveryLoadBalancerClientConfiguration.class)
@ConditionalOnUdpBackend
public final class CloudLoadBalancerAutoConfiguration {

    /**
     * Calls that cannot reach an instance take it out of this application's lists at once and have discovery check
     * it; {@code discovery.cloud.load-balancer.report-unreachable=false} turns this off.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Discovery.class)
    @ConditionalOnBooleanProperty(name = "discovery.cloud.load-balancer.report-unreachable", matchIfMissing = true)
    static class UnreachableReportsConfiguration {

        @Bean
        UnreachableInstances discoveryUnreachableInstances(Discovery discovery) {
            return new UnreachableInstances(discovery);
        }

        @Bean
        FailedCallReporter discoveryFailedCallReporter(UnreachableInstances unreachable) {
            return new FailedCallReporter(unreachable);
        }
    }
}
