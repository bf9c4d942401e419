package dev.discovery.spring.actuate;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.DiscoveryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The discovery's health indicator, info contributor and endpoint, each when its part of the actuator is on the class
 * path. The conditions that come from those optional modules sit on the bean methods, below the class checks that
 * guard them: Spring loads every condition of an element before evaluating any.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnBean(ServiceDiscovery.class)
public final class DiscoveryActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    static class HealthConfiguration {

        @Bean
        @ConditionalOnEnabledHealthIndicator("discovery")
        @ConditionalOnMissingBean(name = "discoveryHealthIndicator")
        DiscoveryHealthIndicator discoveryHealthIndicator(ServiceDiscovery services) {
            return new DiscoveryHealthIndicator(services);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({InfoContributor.class, ConditionalOnEnabledInfoContributor.class})
    static class InfoConfiguration {

        @Bean
        @ConditionalOnEnabledInfoContributor("discovery")
        @ConditionalOnMissingBean(name = "discoveryInfoContributor")
        DiscoveryInfoContributor discoveryInfoContributor(ServiceDiscovery services) {
            return new DiscoveryInfoContributor(services);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnAvailableEndpoint
        @ConditionalOnMissingBean
        DiscoveryEndpoint discoveryEndpoint(ServiceDiscovery services) {
            return new DiscoveryEndpoint(services);
        }
    }
}
