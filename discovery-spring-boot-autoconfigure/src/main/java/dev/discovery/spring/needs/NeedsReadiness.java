package dev.discovery.spring.needs;

import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Ties the application's readiness to the needed services of one node: {@link ReadinessState#REFUSING_TRAFFIC} while
 * one of them has no available instance, {@link ReadinessState#ACCEPTING_TRAFFIC} again once all have. The starter
 * creates it for the application's {@link ServiceDiscovery} unless {@code discovery.readiness.enabled=false}; with
 * several nodes, define one for the node that should decide.
 *
 * <p>Boot itself declares the application ready at the very end of startup, whatever the needs;
 * {@link NeedsAwareApplicationAvailability} records that as REFUSING_TRAFFIC while needs are unmet, so readiness
 * never flickers. Nothing is published before {@link #applicationReady()}, which {@link NeedsReadinessRunListener}
 * calls right after Boot's own ACCEPTING_TRAFFIC: it publishes the state of the needs at that moment (they may have
 * been met since Boot's event, or the application may keep its own availability bean), and from then on every change
 * as it happens. Until then Boot reports REFUSING_TRAFFIC anyway, as it does during any startup.
 */
public final class NeedsReadiness {

    private static final Logger log = LoggerFactory.getLogger(NeedsReadiness.class);

    private final ServiceDiscovery services;
    private final ApplicationEventPublisher publisher;
    private boolean applicationReady; // guarded by this

    public NeedsReadiness(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        this.services = services;
        this.publisher = publisher;
        services.addListener(this::onServiceEvent);
    }

    synchronized void applicationReady() {
        applicationReady = true;
        if (!services.needs().isEmpty()) {
            publish(services.isReady() ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
        }
    }

    private synchronized void onServiceEvent(ServiceEvent event) {
        if (!applicationReady) {
            return;
        }
        if (event instanceof ServiceEvent.Ready) {
            publish(ReadinessState.ACCEPTING_TRAFFIC);
        } else if (event instanceof ServiceEvent.NotReady) {
            publish(ReadinessState.REFUSING_TRAFFIC);
        }
    }

    private void publish(ReadinessState state) {
        if (state == ReadinessState.REFUSING_TRAFFIC) {
            log.info("Refusing traffic: the needed services {} have no available instance", services.missing());
        } else {
            log.info("Accepting traffic: every needed service {} has an available instance", services.needs());
        }
        AvailabilityChangeEvent.publish(publisher, this, state);
    }
}
