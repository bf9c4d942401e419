package dev.discovery.spring.actuate;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.channel.UnconvertiblePayloads;
import dev.discovery.spring.node.ConditionalOnUdpBackend;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the node ({@code discovery.*}), bound to every registry Boot configures: of the only
 * {@link ServiceDiscovery} bean, or the {@code @Primary} one.
 */
@AutoConfiguration(after = DiscoveryAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnSingleCandidate(ServiceDiscovery.class)
@ConditionalOnUdpBackend
public final class DiscoveryMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "discoveryMeterBinder")
    DiscoveryMeterBinder discoveryMeterBinder(ServiceDiscovery services,
            ObjectProvider<UnconvertiblePayloads> unconvertiblePayloads) {
        return new DiscoveryMeterBinder(services.discovery(), unconvertiblePayloads.getIfAvailable());
    }
}
