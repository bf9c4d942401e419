package dev.discovery;

/** Receives a {@link ServiceDiscovery}'s events. */
@FunctionalInterface
public interface ServiceListener {
    void onEvent(ServiceEvent event);
}
