package dev.discovery.spring.needs;

import dev.discovery.ServiceDiscovery;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

/**
 * Boot's record of the application's availability, except that readiness refuses traffic from the start while a
 * needed service is missing. Boot declares every application ready at the end of startup; recorded as is, that would
 * make the readiness probe answer 200 for the moment before {@link NeedsReadiness} takes it back. So an
 * {@code ACCEPTING_TRAFFIC} that arrives while needs are unmet is recorded as {@code REFUSING_TRAFFIC}. The starter's
 * {@link NeedsAwareEventMulticaster} already does this for every listener; this record is what still holds when the
 * application defines its own multicaster.
 */
public final class NeedsAwareApplicationAvailability extends ApplicationAvailabilityBean {

    private final ObjectProvider<ServiceDiscovery> services;

    public NeedsAwareApplicationAvailability(ObjectProvider<ServiceDiscovery> services) {
        this.services = services;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && NeedsAwareEventMulticaster.needsUnmet(services)) {
            super.onApplicationEvent(new AvailabilityChangeEvent<>(event.getSource(), ReadinessState.REFUSING_TRAFFIC));
        } else {
            super.onApplicationEvent(event);
        }
    }
}
