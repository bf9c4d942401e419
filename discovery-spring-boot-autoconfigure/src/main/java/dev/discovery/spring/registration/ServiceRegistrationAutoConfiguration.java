package dev.discovery.spring.registration;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registration the Spring Cloud way, with or without Spring Cloud: see {@link ServiceRegistration} and
 * {@link RegistrationProperties}.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnBean(ServiceDiscovery.class)
@EnableConfigurationProperties(RegistrationProperties.class)
@ConditionalOnUdpBackend
public final class ServiceRegistrationAutoConfiguration {

    @Bean
    ServiceRegistration discoveryServiceRegistration(ServiceDiscovery services, RegistrationProperties properties,
            Environment environment, ApplicationContext context) {
        return new ServiceRegistration(services.discovery(), properties, environment, context);
    }

    /** Listening beans that nothing injects: lazy initialization would leave them out. */
    @Bean
    static LazyInitializationExcludeFilter discoveryRegistrationEagerBeans() {
        return LazyInitializationExcludeFilter.forBeanTypes(ServiceRegistration.class, WebServerPorts.class);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebServerInitializedEvent.class)
    static class WebServerPortsConfiguration {

        @Bean
        WebServerPorts discoveryWebServerPorts(ServiceRegistration registration) {
            return new WebServerPorts(registration);
        }
    }
}
