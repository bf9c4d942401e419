package dev.discovery.spring.ui;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster page, when {@code discovery.ui.enabled=true}: a live, read-only view of the cluster as this node sees
 * it, served as the actuator web endpoint {@code cluster} (so under the actuator's base path, port and security), with
 * its stream registered by {@link ClusterStreamConfiguration}. It needs the actuator; without it, or while the
 * endpoint is not exposed, a warning at startup says what is missing.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnBooleanProperty("discovery.ui.enabled")
@ConditionalOnBean(ServiceDiscovery.class)
@EnableConfigurationProperties(DiscoveryUiProperties.class)
@ConditionalOnUdpBackend
public final class DiscoveryUiAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryUiAutoConfiguration.class);

    @Bean
    ClusterView discoveryClusterView(ServiceDiscovery services) {
        return new ClusterView(services);
    }

    @Bean
    ClusterFeed discoveryClusterFeed(ClusterView view) {
        return new ClusterFeed(view);
    }

    /** The view records the timeline from startup on, before any page asks for it. */
    @Bean
    static LazyInitializationExcludeFilter discoveryClusterViewEager() {
        return LazyInitializationExcludeFilter.forBeanTypes(ClusterView.class, ClusterFeed.class);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WebEndpoint.class, ConditionalOnAvailableEndpoint.class})
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnAvailableEndpoint
        ClusterPageEndpoint discoveryClusterPageEndpoint() {
            return new ClusterPageEndpoint();
        }

        @Bean
        SmartInitializingSingleton discoveryClusterPageExposureCheck(ObjectProvider<ClusterPageEndpoint> endpoint) {
            return () -> {
                if (endpoint.getIfAvailable() == null) {
                    log.warn("discovery.ui.enabled is true, but the actuator endpoint '{}' is not available: add it "
                            + "to management.endpoints.web.exposure.include (and do not set "
                            + "management.endpoint.{}.access=none) to serve the cluster page", ClusterPageEndpoint.ID,
                            ClusterPageEndpoint.ID);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint")
    static class NoActuatorConfiguration {

        @Bean
        SmartInitializingSingleton discoveryClusterPageActuatorMissing() {
            return () -> log.warn("discovery.ui.enabled is true, but the cluster page is an actuator endpoint: add "
                    + "spring-boot-starter-actuator to serve it");
        }
    }
}
