/**
 * The actuator: the {@code discovery} health indicator, info contributor, endpoint ({@code /actuator/discovery}) and
 * Micrometer meters ({@code discovery.*}), each when its part of the actuator is on the class path.
 */
@NullMarked
package dev.discovery.spring.actuate;

import org.jspecify.annotations.NullMarked;
