/**
 * The registry backend ({@code discovery.backend=registry}): membership from an existing registry through Spring
 * Cloud's {@code DiscoveryClient}, the lead from a Spring Integration leader initiator. Configured only when Spring
 * Cloud Commons is on the class path.
 */
@NullMarked
package dev.discovery.spring.registry;

import org.jspecify.annotations.NullMarked;
