package dev.discovery;

/** Receives a node's events; see {@link DiscoveryEvent} for the delivery guarantees. */
@FunctionalInterface
public interface DiscoveryListener {
    void onEvent(DiscoveryEvent event);
}
