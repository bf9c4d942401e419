package dev.discovery.spring.registration;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this application offers its service, under {@code discovery.registration.}: the service name defaults to
 * {@code spring.application.name}, the port to the port the web server bound, and on shutdown the instance is
 * withdrawn before the web server stops.
 */
@ConfigurationProperties("discovery.registration")
public class RegistrationProperties {

    /**
     * Whether this application offers its service to the others. When false (or with Spring Cloud's
     * spring.cloud.service-registry.auto-registration.enabled=false) it advertises nothing, discovery.service.* included,
     * and still finds the services of the others: a consumer only.
     */
    private boolean enabled = true;

    /**
     * How long shutdown waits after the goodbye before the web server stops, so that a request sent just before the
     * callers heard it still finds the server accepting.
     */
    private Duration drain = Duration.ofSeconds(1);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getDrain() { return drain; }
    public void setDrain(Duration drain) { this.drain = drain; }
}
