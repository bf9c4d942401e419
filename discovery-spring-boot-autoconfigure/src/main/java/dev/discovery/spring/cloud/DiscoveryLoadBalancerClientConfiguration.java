package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The instance list of every load-balanced client, in the client's own context: it takes the place of Spring Cloud's
 * discovery-client list and its cache, and keeps the {@code spring.cloud.loadbalancer.configurations} the user chose.
 * Zone preference compares the {@code zone} metadata of the instances with {@code spring.cloud.loadbalancer.zone},
 * which defaults to this application's own {@code discovery.service.metadata.zone}.
 *
 * <p>Configurations that probe instances ({@code health-check}) or pick them by API version are left to Spring Cloud,
 * with its cache: this list then stays out of the way.
 */
@Configuration(proxyBeanMethods = false)
public class DiscoveryLoadBalancerClientConfiguration {

    static final String CONFIGURATIONS = "spring.cloud.loadbalancer.configurations";

    @Bean
    @ConditionalOnMissingBean
    @Conditional(SupportedConfiguration.class)
    ServiceInstanceListSupplier discoveryServiceInstanceListSupplier(ServiceDiscovery services, Environment environment,
            ConfigurableApplicationContext context, ObjectProvider<UnreachableInstances> unreachable) {
        String serviceId = LoadBalancerClientFactory.getName(environment);
        ServiceInstanceListSupplierBuilder builder = ServiceInstanceListSupplier.builder()
                .withBase(new MembershipInstanceListSupplier(services, serviceId, unreachable.getIfAvailable()));
        switch (configuration(environment)) {
            case "zone-preference" -> {
                String zone = environment.getProperty("spring.cloud.loadbalancer.zone",
                        environment.getProperty("discovery.service.metadata.zone", ""));
                if (zone.isBlank()) {
                    builder.withZonePreference();
                } else {
                    builder.withZonePreference(zone);
                }
            }
            case "same-instance-preference" -> builder.withSameInstancePreference();
            case "request-based-sticky-session" -> builder.withRequestBasedStickySession();
            case "weighted" -> builder.withWeighted();
            case "subset" -> builder.withSubset();
            default -> { } // "default": the membership list as it is
        }
        if (avoidsPreviousInstance(environment)) {
            builder.withRetryAwareness(); // Spring Cloud's own list does this too: a retry goes to another instance
        }
        return builder.build(context);
    }

    /** Spring Cloud's switches: a retry avoids the instance that just failed, unless retry or avoiding is off. */
    static boolean avoidsPreviousInstance(Environment environment) {
        return environment.getProperty("spring.cloud.loadbalancer.retry.enabled", Boolean.class, true)
                && environment.getProperty("spring.cloud.loadbalancer.retry.avoid-previous-instance", Boolean.class,
                        true);
    }

    static String configuration(Environment environment) {
        return environment.getProperty(CONFIGURATIONS, "default").trim().toLowerCase(Locale.ROOT);
    }

    static final class SupportedConfiguration implements Condition {

        private static final Set<String> SUPPORTED = Set.of("default", "zone-preference", "same-instance-preference",
                "request-based-sticky-session", "weighted", "subset");

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SUPPORTED.contains(configuration(context.getEnvironment()));
        }
    }
}
