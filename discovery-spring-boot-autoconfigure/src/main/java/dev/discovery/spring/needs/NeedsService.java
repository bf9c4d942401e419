package dev.discovery.spring.needs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Injects a live {@link dev.discovery.ServiceHandle} on a service into a field or a constructor (or {@code @Bean}
 * method) parameter of that type, and makes the application need that service: it is not ready
 * ({@link org.springframework.boot.availability.ReadinessState#REFUSING_TRAFFIC}) while the service has no available
 * instance. Every injection point naming a service gets the same handle, {@code ServiceDiscovery.service(name)}.
 *
 * <pre>{@code
 * OrderService(@NeedsService("billing") ServiceHandle billing) { this.billing = billing; }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Autowired // so that fields carrying only @NeedsService are injected too
public @interface NeedsService {

    /** The service name; {@code ${...}} placeholders are resolved. */
    String value();
}
