/**
 * Needed services and readiness: {@link dev.discovery.spring.needs.NeedsService} injects a handle on a service and
 * needs it, {@link dev.discovery.spring.needs.ServiceSetup} prepares each of its instances, and
 * {@link dev.discovery.spring.needs.NeedsReadiness} keeps the application refusing traffic while a needed service has
 * no available instance ({@code discovery.readiness.enabled}, {@code discovery.wait-for-needs}). Those three are the
 * API; the other types are the starter's machinery, public only so that {@code DiscoveryAutoConfiguration} can create
 * them: not API, they change without notice.
 */
@NullMarked
package dev.discovery.spring.needs;

import org.jspecify.annotations.NullMarked;
