package dev.discovery.spring;

import dev.discovery.Discovery;
import dev.discovery.ServiceDiscovery;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a discovery node from {@code discovery.*} properties: the {@link Discovery} and
 * {@link ServiceDiscovery} beans (each backs off when the application defines its own), their lifecycle, application
 * events, channels, setup hooks, {@link NeedsService} injection and readiness.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "discovery.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DiscoveryProperties.class)
public final class DiscoveryAutoConfiguration {

    /** Created only when the application defines neither bean: a ServiceDiscovery of its own has its own node. */
    @Bean
    @ConditionalOnMissingBean({Discovery.class, ServiceDiscovery.class})
    Discovery discovery(DiscoveryProperties properties, ObjectProvider<DiscoveryOptionsCustomizer> customizers) {
        return new Discovery(new DiscoveryPropertiesMapper(properties).discoveryOptions(customizers.orderedStream()));
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceDiscovery serviceDiscovery(Discovery discovery, DiscoveryProperties properties) {
        DiscoveryPropertiesMapper mapper = new DiscoveryPropertiesMapper(properties);
        ServiceDiscovery services = new ServiceDiscovery(discovery, mapper.serviceOptions());
        mapper.applyTo(services);
        return services;
    }

    @Bean
    DiscoveryLifecycle discoveryLifecycle(ServiceDiscovery services) {
        return new DiscoveryLifecycle(services);
    }

    @Bean
    DiscoveryEventPublisher discoveryEventPublisher(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        return new DiscoveryEventPublisher(services, publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    ChannelSender channelSender(ServiceDiscovery services) {
        return new ChannelSender(services.discovery());
    }

    @Bean
    ChannelSubscriptions discoveryChannelSubscriptions(ServiceDiscovery services, ApplicationEventPublisher publisher,
            DiscoveryProperties properties, UnconvertiblePayloads unconvertiblePayloads) {
        return new ChannelSubscriptions(services.discovery(), publisher,
                new DiscoveryPropertiesMapper(properties).channels(), unconvertiblePayloads);
    }

    @Bean
    UnconvertiblePayloads discoveryUnconvertiblePayloads() {
        return new UnconvertiblePayloads();
    }

    /**
     * These beans do their work by listening, and nothing injects them: with spring.main.lazy-initialization they
     * would never be created, and events, readiness and channels would silently stay off.
     */
    @Bean
    static LazyInitializationExcludeFilter discoveryEagerBeans() {
        return LazyInitializationExcludeFilter.forBeanTypes(DiscoveryLifecycle.class, DiscoveryEventPublisher.class,
                NeedsReadiness.class, ChannelSubscriptions.class);
    }

    // Post-processors are static so that creating them does not create this configuration (and its beans) early.

    @Bean
    static ChannelListenerProcessor discoveryChannelListenerProcessor(
            ObjectProvider<ChannelSubscriptions> subscriptions, Environment environment) {
        return new ChannelListenerProcessor(subscriptions, environment);
    }

    @Bean
    static ServiceSetupProcessor discoveryServiceSetupProcessor(ObjectProvider<ServiceDiscovery> services,
            Environment environment) {
        return new ServiceSetupProcessor(services, environment);
    }

    @Bean
    static BeanFactoryPostProcessor discoveryNeedsServiceResolver() {
        return beanFactory -> {
            DefaultListableBeanFactory factory = (DefaultListableBeanFactory) beanFactory;
            factory.setAutowireCandidateResolver(new NeedsServiceAutowireCandidateResolver(
                    factory.getAutowireCandidateResolver(),
                    new ServiceHandles(factory.getBeanProvider(ServiceDiscovery.class)), factory));
        };
    }

    @Bean
    NeedsReadiness discoveryNeedsReadiness(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        return new NeedsReadiness(services, publisher);
    }

    @Bean
    @ConditionalOnProperty("discovery.wait-for-needs")
    WaitForNeedsRunner discoveryWaitForNeedsRunner(ServiceDiscovery services, DiscoveryProperties properties) {
        new DiscoveryPropertiesMapper(properties).validateWaitForNeeds();
        return new WaitForNeedsRunner(services, properties.getWaitForNeeds());
    }
}
