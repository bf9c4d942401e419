/**
 * The node: {@link dev.discovery.spring.node.DiscoveryAutoConfiguration} creates the {@code Discovery} and
 * {@code ServiceDiscovery} beans from the {@code discovery.*} properties
 * ({@link dev.discovery.spring.node.DiscoveryProperties}), runs them with the application context
 * ({@link dev.discovery.spring.node.DiscoveryLifecycle}) and publishes their events
 * ({@link dev.discovery.spring.node.DiscoveryEventPublisher}); a bad property fails startup with a failure analysis
 * naming it. What an application uses here: {@link dev.discovery.spring.node.DiscoveryOptionsCustomizer} (options the
 * properties do not express), {@link dev.discovery.spring.node.DiscoveryFactory} (how the node is created; the test kit
 * replaces it), {@link dev.discovery.spring.node.ConditionalOnUdpBackend}, and the bean types above, to define its own.
 * {@code DiscoveryPropertiesMapper} and {@code DiscoveryStartupException} are public only for the sibling packages:
 * not API.
 */
@NullMarked
package dev.discovery.spring.node;

import org.jspecify.annotations.NullMarked;
