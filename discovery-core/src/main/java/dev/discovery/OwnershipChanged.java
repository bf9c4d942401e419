package dev.discovery;

import java.util.List;

/**
 * The set of nodes that share the keys changed, and with it the keys this node owns: a node joined, left, or stopped
 * being a candidate. Only the keys of the node that changed move, so a key this node owned before and still owns was
 * never anywhere else. Ask it about the keys you care about:
 *
 * <pre>{@code
 * ownership.addListener(change -> tenants.stream().filter(change::lost).forEach(this::release));
 * }</pre>
 *
 * @param self           this node's id
 * @param previousOwners the ids of the nodes that shared the keys before, in id order
 * @param owners         the ids of the nodes that share them now, in id order
 */
public record OwnershipChanged(String self, List<String> previousOwners, List<String> owners) {

    public OwnershipChanged {
        previousOwners = List.copyOf(previousOwners);
        owners = List.copyOf(owners);
    }

    /** Whether this node owns the key now. */
    public boolean owns(String key) {
        return self.equals(new RendezvousHash(owners).owner(key));
    }

    /** Whether this node owned the key before the change. */
    public boolean owned(String key) {
        return self.equals(new RendezvousHash(previousOwners).owner(key));
    }

    /** Whether the key came to this node with the change. */
    public boolean gained(String key) {
        return owns(key) && !owned(key);
    }

    /** Whether the key left this node with the change. */
    public boolean lost(String key) {
        return owned(key) && !owns(key);
    }
}
