package dev.discovery.spring.needs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that prepares each discovered instance of a service before the application uses it, for
 * example by opening a connection pool: the core's {@link dev.discovery.ServiceDiscovery#setup setup hook}. The
 * service becomes needed. The method takes one {@link dev.discovery.ServiceInstance} and returns either a
 * {@link java.util.concurrent.CompletionStage} that completes when the instance is ready, or nothing (the instance
 * is ready when the method returns). It runs on the node's event thread, so it must not block for long. A failure or
 * timeout ({@code discovery.setup-timeout}) is retried with backoff while the instance lives.
 *
 * <pre>{@code
 * @ServiceSetup("billing")
 * CompletionStage<Void> connect(ServiceInstance billing) { return pool.openAsync(billing.host(), billing.port().orElse(80)); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServiceSetup {

    /** The service name; {@code ${...}} placeholders are resolved. */
    String value();
}
