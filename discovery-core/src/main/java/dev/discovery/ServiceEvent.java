package dev.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link ServiceDiscovery} tells its listeners, in order, on the node's event thread. "Available" means: the
 * instance is alive, does not advertise {@code "ready": false}, and every setup hook of its name succeeded for it.
 */
public sealed interface ServiceEvent {

    /** An instance became available. Always comes before a {@link Ready} that it makes possible. */
    record InstanceAdded(ServiceInstance instance) implements ServiceEvent {
    }

    /** An available instance advertised new info. */
    record InstanceUpdated(ServiceInstance previous, ServiceInstance instance) implements ServiceEvent {
    }

    /** An instance stopped being available: it left, timed out, renamed itself or advertised {@code ready: false}. */
    record InstanceRemoved(ServiceInstance instance) implements ServiceEvent {
    }

    /** Every needed name has an available instance (also when nothing is needed). */
    record Ready(Map<String, List<ServiceInstance>> services) implements ServiceEvent {
    }

    /** A needed name lost its last available instance, or a new need cannot be met yet. */
    record NotReady(Set<String> missing) implements ServiceEvent {
    }

    /** A setup hook failed or timed out for an instance; it is tried again after {@code retryIn} while the instance lives. */
    record SetupFailed(ServiceInstance instance, Throwable cause, int attempt, Duration retryIn) implements ServiceEvent {
    }
}
