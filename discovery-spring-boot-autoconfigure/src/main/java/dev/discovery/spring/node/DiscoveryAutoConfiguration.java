package dev.discovery.spring.node;

import dev.discovery.Discovery;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceHandle;
import dev.discovery.spring.channel.ChannelListenerProcessor;
import dev.discovery.spring.channel.ChannelSender;
import dev.discovery.spring.channel.UnconvertiblePayloads;
import dev.discovery.spring.internal.UniqueServiceDiscovery;
import dev.discovery.spring.needs.MissingServicesLog;
import dev.discovery.spring.needs.NeedsAwareApplicationAvailability;
import dev.discovery.spring.needs.NeedsAwareEventMulticaster;
import dev.discovery.spring.needs.NeedsReadiness;
import dev.discovery.spring.needs.NeedsService;
import dev.discovery.spring.needs.ServiceSetupProcessor;
import dev.discovery.spring.needs.WaitForNeedsRunner;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a discovery node from {@code discovery.*} properties: the {@link Discovery} and
 * {@link ServiceDiscovery} beans, their lifecycle, application events, channels, setup hooks, {@link NeedsService}
 * injection and readiness. Every bean backs off when the application defines its own; events
 * ({@code discovery.events.enabled}) and readiness ({@code discovery.readiness.enabled}) can be switched off. What
 * acts on "the" node (channels, setup hooks, handles, readiness) takes the only {@link ServiceDiscovery} bean, or the
 * {@code @Primary} one; lifecycle and events cover every one.
 */
@AutoConfiguration(before = ApplicationAvailabilityAutoConfiguration.class) // its availability bean replaces Boot's
@ConditionalOnBooleanProperty(name = "discovery.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DiscoveryProperties.class)
public final class DiscoveryAutoConfiguration {

    /** Created only when the application defines neither bean: a ServiceDiscovery of its own has its own node. */
    @Bean
    @ConditionalOnUdpBackend
    @ConditionalOnMissingBean({Discovery.class, ServiceDiscovery.class})
    Discovery discovery(DiscoveryProperties properties, ObjectProvider<DiscoveryOptionsCustomizer> customizers,
            DiscoveryFactory factory) {
        return factory.create(new DiscoveryPropertiesMapper(properties).discoveryOptions(customizers.orderedStream()));
    }

    /** Real UDP sockets; the test kit's in-memory network replaces it. */
    @Bean
    @ConditionalOnMissingBean
    DiscoveryFactory discoveryFactory() {
        return Discovery::new;
    }

    /** Wraps the application's node or the starter's; for several nodes, define a ServiceDiscovery for each. */
    @Bean
    @ConditionalOnMissingBean
    ServiceDiscovery serviceDiscovery(Discovery discovery, DiscoveryProperties properties) {
        DiscoveryPropertiesMapper mapper = new DiscoveryPropertiesMapper(properties);
        ServiceDiscovery services = new ServiceDiscovery(discovery, mapper.serviceOptions());
        mapper.applyTo(services);
        return services;
    }

    @Bean
    @ConditionalOnMissingBean
    DiscoveryLifecycle discoveryLifecycle(ObjectProvider<ServiceDiscovery> services, Environment environment) {
        boolean autoStartup = Binder.get(environment).bind("discovery.auto-startup", Boolean.class).orElse(true);
        return new DiscoveryLifecycle(services.orderedStream().toList(), autoStartup);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "discovery.events.enabled", matchIfMissing = true)
    DiscoveryEventPublisher discoveryEventPublisher(ObjectProvider<ServiceDiscovery> services,
            ApplicationEventPublisher publisher, DiscoveryProperties properties) {
        DiscoveryEventPublisher events = new DiscoveryEventPublisher(publisher, services.orderedStream().toList());
        services.ifUnique(unique -> new DiscoveryPropertiesMapper(properties).channels()
                .forEach(channel -> events.publishMessagesOf(unique.discovery(), channel)));
        return events;
    }

    @Bean
    @ConditionalOnUdpBackend
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(ServiceDiscovery.class)
    ChannelSender channelSender(ServiceDiscovery services) {
        return new ChannelSender(services.discovery());
    }

    /**
     * The handle of a {@link NeedsService} injection point: a prototype, so that each injection point tells its
     * service name; the core returns the same handle for the same name.
     */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    ServiceHandle discoveryServiceHandle(InjectionPoint injectionPoint, ObjectProvider<ServiceDiscovery> services,
            Environment environment) {
        NeedsService needs = injectionPoint.getAnnotation(NeedsService.class);
        if (needs == null) {
            throw new DiscoveryStartupException(injectionPoint.getMember() + " takes a ServiceHandle without "
                    + "@NeedsService, which says which service it follows.", "Annotate it: @NeedsService(\"billing\") "
                    + "ServiceHandle billing.", null);
        }
        String name = environment.resolveRequiredPlaceholders(needs.value());
        ServiceDiscovery discovery = UniqueServiceDiscovery.of(services, "@NeedsService on " + injectionPoint.getMember());
        discovery.need(name);
        return discovery.service(name);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(ServiceDiscovery.class)
    @ConditionalOnBooleanProperty(name = "discovery.readiness.enabled", matchIfMissing = true)
    NeedsReadiness discoveryNeedsReadiness(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        return new NeedsReadiness(services, publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(ServiceDiscovery.class)
    MissingServicesLog discoveryMissingServicesLog(ServiceDiscovery services) {
        return new MissingServicesLog(services);
    }

    /**
     * Gives every listener REFUSING_TRAFFIC instead of Boot's end-of-startup ACCEPTING while needs are unmet. Static: the
     * context creates its multicaster before any other singleton.
     */
    @Bean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME)
    @ConditionalOnMissingBean(name = AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME)
    @ConditionalOnBooleanProperty(name = "discovery.readiness.enabled", matchIfMissing = true)
    static NeedsAwareEventMulticaster discoveryEventMulticaster(BeanFactory beanFactory,
            ObjectProvider<ServiceDiscovery> services) {
        return new NeedsAwareEventMulticaster(beanFactory, services);
    }

    /** Keeps readiness refusing from the first moment while needs are unmet, instead of Boot's brief ACCEPTING. */
    @Bean
    @ConditionalOnMissingBean(ApplicationAvailability.class)
    @ConditionalOnBooleanProperty(name = "discovery.readiness.enabled", matchIfMissing = true)
    ApplicationAvailabilityBean discoveryApplicationAvailability(ObjectProvider<ServiceDiscovery> services) {
        return new NeedsAwareApplicationAvailability(services);
    }

    @Bean
    @ConditionalOnSingleCandidate(ServiceDiscovery.class)
    @ConditionalOnProperty("discovery.wait-for-needs")
    WaitForNeedsRunner discoveryWaitForNeedsRunner(ServiceDiscovery services, DiscoveryProperties properties) {
        new DiscoveryPropertiesMapper(properties).validateWaitForNeeds();
        return new WaitForNeedsRunner(services, properties.getWaitForNeeds());
    }

    @Bean
    @ConditionalOnMissingBean
    UnconvertiblePayloads discoveryUnconvertiblePayloads() {
        return new UnconvertiblePayloads();
    }

    /**
     * These beans do their work by listening, and nothing injects them: with spring.main.lazy-initialization they
     * would never be created, and the node, events, readiness and channels would silently stay off.
     */
    @Bean
    static LazyInitializationExcludeFilter discoveryEagerBeans() {
        return LazyInitializationExcludeFilter.forBeanTypes(DiscoveryLifecycle.class, DiscoveryEventPublisher.class,
                NeedsReadiness.class, MissingServicesLog.class);
    }

    // Post-processors are static so that creating them does not create this configuration (and its beans) early.

    @Bean
    static ChannelListenerProcessor discoveryChannelListenerProcessor(ObjectProvider<ServiceDiscovery> services,
            ObjectProvider<DiscoveryEventPublisher> events, ObjectProvider<UnconvertiblePayloads> unconvertible,
            Environment environment) {
        return new ChannelListenerProcessor(services, events, unconvertible, environment);
    }

    @Bean
    static ServiceSetupProcessor discoveryServiceSetupProcessor(ObjectProvider<ServiceDiscovery> services,
            Environment environment) {
        return new ServiceSetupProcessor(services, environment);
    }
}
