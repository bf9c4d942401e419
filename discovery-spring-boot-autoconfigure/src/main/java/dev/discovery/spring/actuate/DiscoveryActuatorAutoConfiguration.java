package dev.discovery.spring.actuate;

import dev.discovery.MasterWork;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The discovery's health indicator, info contributor and endpoint, each when its part of the actuator is on the class
 * path. The conditions that come from those optional modules sit on the bean methods, below the class checks that
 * guard them: Spring loads every condition of an element before evaluating any. Health covers every
 * {@link ServiceDiscovery} bean (one indicator each, under its bean name, when there are several, as Boot does for
 * data sources); info and the endpoint describe the only one, or the {@code @Primary} one.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnBean(ServiceDiscovery.class)
public final class DiscoveryActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    static class HealthConfiguration
            extends CompositeHealthContributorConfiguration<DiscoveryHealthIndicator, ServiceDiscovery> {

        HealthConfiguration(ObjectProvider<MasterWork> work) {
            super(services -> new DiscoveryHealthIndicator(services, work));
        }

        @Bean
        @ConditionalOnEnabledHealthIndicator("discovery")
        @ConditionalOnMissingBean(name = {"discoveryHealthIndicator", "discoveryHealthContributor"})
        HealthContributor discoveryHealthContributor(ConfigurableListableBeanFactory beanFactory) {
            return createContributor(beanFactory, ServiceDiscovery.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({InfoContributor.class, ConditionalOnEnabledInfoContributor.class})
    @ConditionalOnUdpBackend
    static class InfoConfiguration {

        @Bean
        @ConditionalOnEnabledInfoContributor("discovery")
        @ConditionalOnMissingBean(name = "discoveryInfoContributor")
        @ConditionalOnSingleCandidate(ServiceDiscovery.class)
        DiscoveryInfoContributor discoveryInfoContributor(ServiceDiscovery services) {
            return new DiscoveryInfoContributor(services);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    @ConditionalOnUdpBackend
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnAvailableEndpoint
        @ConditionalOnMissingBean
        @ConditionalOnSingleCandidate(ServiceDiscovery.class)
        DiscoveryEndpoint discoveryEndpoint(ServiceDiscovery services) {
            return new DiscoveryEndpoint(services);
        }
    }
}
