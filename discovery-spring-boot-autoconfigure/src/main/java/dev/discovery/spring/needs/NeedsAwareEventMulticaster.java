package dev.discovery.spring.needs;

import dev.discovery.ServiceDiscovery;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.ResolvableType;

/**
 * The context's event multicaster, except that Boot's end-of-startup {@code ACCEPTING_TRAFFIC} reaches no listener
 * while a needed service is missing: they get {@code REFUSING_TRAFFIC} instead, and {@code ACCEPTING_TRAFFIC} from
 * {@link NeedsReadiness} once the needs are met. Without it, an application's availability listener saw the
 * application ready, then not ready milliseconds later, before its needs were known. An application that defines
 * its own multicaster keeps it; {@link NeedsAwareApplicationAvailability} then still keeps the readiness probe from
 * answering ready.
 */
public final class NeedsAwareEventMulticaster extends SimpleApplicationEventMulticaster {

    private final ObjectProvider<ServiceDiscovery> services;

    public NeedsAwareEventMulticaster(BeanFactory beanFactory, ObjectProvider<ServiceDiscovery> services) {
        super(beanFactory);
        this.services = services;
    }

    @Override
    public void multicastEvent(ApplicationEvent event, @Nullable ResolvableType eventType) {
        if (event instanceof AvailabilityChangeEvent<?> change && change.getState() == ReadinessState.ACCEPTING_TRAFFIC
                && needsUnmet(services)) {
            super.multicastEvent(new RefusedForNeeds<>(change.getSource(), ReadinessState.REFUSING_TRAFFIC), null);
        } else {
            super.multicastEvent(event, eventType);
        }
    }

    /**
     * What listeners get in place of Boot's ACCEPTING_TRAFFIC: refusing, for the same reason as {@link NeedsReadiness}'s
     * events, so that what treats a missing need apart (registration keeps the instance offered) can tell.
     */
    public static final class RefusedForNeeds<S extends AvailabilityState> extends AvailabilityChangeEvent<S> {

        RefusedForNeeds(Object source, S state) {
            super(source, state);
        }
    }

    /** Whether the only (or primary) node needs a service that has no available instance. */
    static boolean needsUnmet(ObjectProvider<ServiceDiscovery> services) {
        ServiceDiscovery discovery = services.getIfUnique();
        return discovery != null && !discovery.needs().isEmpty() && !discovery.isReady();
    }
}
