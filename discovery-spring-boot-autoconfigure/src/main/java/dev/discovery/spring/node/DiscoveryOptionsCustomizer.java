package dev.discovery.spring.node;

import dev.discovery.DiscoveryOptions;

/**
 * Adjusts the auto-configured {@link dev.discovery.Discovery}'s options beyond what {@code discovery.*} properties
 * express, for example a weight computed at startup. Every customizer bean is applied, in {@code @Order}, after the
 * properties and before the options are validated.
 */
@FunctionalInterface
public interface DiscoveryOptionsCustomizer {

    void customize(DiscoveryOptions.Builder builder);
}
