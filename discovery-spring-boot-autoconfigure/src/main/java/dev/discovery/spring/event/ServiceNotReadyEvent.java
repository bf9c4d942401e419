package dev.discovery.spring.event;

import dev.discovery.Membership;
import java.util.Set;

/** A needed service lost its last available instance, or a new need cannot be met yet. */
public class ServiceNotReadyEvent extends DiscoveryApplicationEvent {

    private final Set<String> missing;

    public ServiceNotReadyEvent(Membership source, Set<String> missing) {
        super(source);
        this.missing = missing;
    }

    /** The needed services without an available instance. */
    public Set<String> getMissing() {
        return missing;
    }

    @Override
    public String toString() {
        return "ServiceNotReadyEvent{missing=" + missing + "}";
    }
}
