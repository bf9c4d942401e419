package dev.discovery.spring.event;

import dev.discovery.Discovery;
import dev.discovery.Membership;
import org.springframework.context.ApplicationEvent;

/**
 * Base of every event the discovery publishes in the application context; listen to it to receive them all. Events
 * arrive in the order they happened, on the discovery's event thread: a listener that blocks delays the ones after.
 */
public abstract class DiscoveryApplicationEvent extends ApplicationEvent {

    protected DiscoveryApplicationEvent(Membership source) {
        super(source);
    }

    /** Where the event comes from: the UDP node, or the registry membership ({@code discovery.backend=registry}). */
    public Membership getMembership() {
        return (Membership) getSource();
    }

    /**
     * The local UDP node the event comes from.
     *
     * @throws UnsupportedOperationException on the registry backend, which has no UDP node: use {@link #getMembership()}
     */
    public Discovery getDiscovery() {
        if (getSource() instanceof Discovery discovery) {
            return discovery;
        }
        throw new UnsupportedOperationException("This event comes from " + getSource() + ", not from a UDP node "
                + "(discovery.backend=registry): use getMembership()");
    }
}
