package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Gives every Spring Cloud LoadBalancer client ({@code @LoadBalanced} RestClient, WebClient, Gateway's
 * {@code lb://} routes) an instance list that follows discovery's membership: see
 * {@link DiscoveryLoadBalancerClientConfiguration}. {@code discovery.cloud.load-balancer.enabled=false} leaves Spring
 * Cloud's own list in place.
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
}
