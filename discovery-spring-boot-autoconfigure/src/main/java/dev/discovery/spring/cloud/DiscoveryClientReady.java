package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.context.ApplicationListener;

/**
 * Tells Spring Cloud that this application is in discovery, as a registry's starter does once its instance is
 * registered: until an {@link InstanceRegisteredEvent} arrives, Spring Cloud's {@code discoveryComposite} health
 * indicator reports UNKNOWN ("Discovery Client not initialized"). The node starts in the last lifecycle phase of the
 * refresh, so it runs when the application has started.
 */
final class DiscoveryClientReady implements ApplicationListener<ApplicationStartedEvent> {

    private final ServiceDiscovery services;

    DiscoveryClientReady(ServiceDiscovery services) {
        this.services = services;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        event.getApplicationContext().publishEvent(new InstanceRegisteredEvent<>(this, services.discovery().self()));
    }
}
