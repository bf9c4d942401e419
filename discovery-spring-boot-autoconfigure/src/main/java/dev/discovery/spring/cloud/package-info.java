/**
 * Spring Cloud on top of discovery: {@code DiscoveryClient} and {@code ReactiveDiscoveryClient} beans, a
 * {@code HeartbeatEvent} on every membership change, and Spring Cloud LoadBalancer instance lists that follow
 * membership. Everything here is configured only when Spring Cloud Commons (and for load balancing Spring Cloud
 * LoadBalancer) is on the class path.
 */
@NullMarked
package dev.discovery.spring.cloud;

import org.jspecify.annotations.NullMarked;
