package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link HeartbeatEvent} whenever an instance becomes available, changes or goes away. Spring Cloud
 * Gateway's discovery locator and Spring Boot Admin refresh on it; they refresh only when the value differs from the
 * last one they saw, so the value counts the changes.
 */
final class MembershipHeartbeat {

    private final ServiceDiscovery services;
    private final ApplicationEventPublisher publisher;
    private final AtomicLong changes = new AtomicLong();

    MembershipHeartbeat(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        this.services = services;
        this.publisher = publisher;
        services.addListener(this::onServiceEvent);
    }

    private void onServiceEvent(ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded || event instanceof ServiceEvent.InstanceUpdated
                || event instanceof ServiceEvent.InstanceRemoved) {
            publisher.publishEvent(new HeartbeatEvent(services, changes.incrementAndGet()));
        }
    }
}
