package dev.discovery.spring.event;

import dev.discovery.Discovery;
import org.springframework.context.ApplicationEvent;

/**
 * Base of every event the discovery publishes in the application context; listen to it to receive them all. Events
 * arrive in the order they happened, on the discovery's event thread: a listener that blocks delays the ones after.
 */
public abstract class DiscoveryApplicationEvent extends ApplicationEvent {

    protected DiscoveryApplicationEvent(Discovery source) {
        super(source);
    }

    /** The local node the event comes from. */
    public Discovery getDiscovery() {
        return (Discovery) getSource();
    }
}
