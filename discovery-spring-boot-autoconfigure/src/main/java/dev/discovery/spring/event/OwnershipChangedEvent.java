package dev.discovery.spring.event;

import dev.discovery.Discovery;
import dev.discovery.OwnershipChanged;

/**
 * The keys this node owns changed (see {@link dev.discovery.Ownership}): a node that shares the keys joined or left.
 * Ask it about the keys you care about: {@code tenants.stream().filter(event::gained)}.
 */
public class OwnershipChangedEvent extends DiscoveryApplicationEvent {

    private final OwnershipChanged change;

    public OwnershipChangedEvent(Discovery source, OwnershipChanged change) {
        super(source);
        this.change = change;
    }

    /** What changed: the nodes sharing the keys before and after. */
    public OwnershipChanged getChange() {
        return change;
    }

    /** Whether this node owns the key now. */
    public boolean owns(String key) {
        return change.owns(key);
    }

    /** Whether the key came to this node with the change. */
    public boolean gained(String key) {
        return change.gained(key);
    }

    /** Whether the key left this node with the change. */
    public boolean lost(String key) {
        return change.lost(key);
    }

    @Override
    public String toString() {
        return "OwnershipChangedEvent{owners=" + change.owners() + ", previousOwners=" + change.previousOwners() + "}";
    }
}
