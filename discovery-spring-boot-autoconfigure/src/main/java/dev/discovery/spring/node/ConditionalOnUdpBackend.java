package dev.discovery.spring.node;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches on the UDP backend ({@code discovery.backend=udp}, the default): for what needs the UDP node itself
 * (channels, ownership, stats, the cluster page, our own Spring Cloud {@code DiscoveryClient}), which the registry
 * backend does not have.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnProperty(name = "discovery.backend", havingValue = "udp", matchIfMissing = true)
public @interface ConditionalOnUdpBackend {
}
