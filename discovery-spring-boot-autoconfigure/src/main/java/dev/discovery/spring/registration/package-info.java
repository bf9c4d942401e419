/**
 * Registration the Spring Cloud way, with or without Spring Cloud
 * ({@link dev.discovery.spring.registration.ServiceRegistrationAutoConfiguration},
 * {@link dev.discovery.spring.registration.RegistrationProperties}, {@code discovery.registration.*}): the service name
 * defaults to {@code spring.application.name}, the instance advertises the ports the web servers bound and the
 * actuator's path, {@code ready: false} while the application refuses traffic, and is withdrawn before the web server
 * stops. The machinery is package-private.
 */
@NullMarked
package dev.discovery.spring.registration;

import org.jspecify.annotations.NullMarked;
