/**
 * The application events the starter publishes, all subclasses of
 * {@link dev.discovery.spring.event.DiscoveryApplicationEvent}: nodes, masters, services, ownership and channel
 * messages. Listen with {@code @EventListener}; {@code discovery.events.enabled=false} turns them off.
 */
@NullMarked
package dev.discovery.spring.event;

import org.jspecify.annotations.NullMarked;
