package dev.discovery;

import dev.discovery.internal.engine.ListenerList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A live view of one service, from {@link ServiceDiscovery#service(String)}. It holds no copy: every call answers from
 * the current state, so keep the handle and ask it each time.
 *
 * <pre>{@code
 * ServiceHandle billing = services.service("billing");
 * ServiceInstance instance = billing.choose().orElseThrow();          // one available instance, in turn
 * ServiceInstance first = billing.whenAvailable().get(10, SECONDS);    // or wait for one
 * }</pre>
 */
public final class ServiceHandle {


    private final String name;
    private final ServiceDiscovery services;
    private final AtomicInteger next = new AtomicInteger();
    private final ListenerList<ServiceListener, ServiceEvent> listeners;

    ServiceHandle(String name, ServiceDiscovery services) {
        this.name = name;
        this.services = services;
        this.listeners = new ListenerList<>("A listener of service '" + name + "'", ServiceListener::onEvent);
        services.addListener(this::onEvent);
    }

    /** The service name. */
    public String name() {
        return name;
    }

    /** The instances available now, in the order they were discovered. */
    public List<ServiceInstance> instances() {
        return services.instances(name);
    }

    /** Whether an instance is available now. */
    public boolean isAvailable() {
        return !instances().isEmpty();
    }

    /** An available instance, taking them in turn (round robin) so that calls spread over all of them. */
    public Optional<ServiceInstance> choose() {
        List<ServiceInstance> instances = instances();
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(instances.get(Math.floorMod(next.getAndIncrement(), instances.size())));
    }

    /**
     * An instance as soon as one is available: completed at once when one already is. Bound the wait, for example
     * {@code whenAvailable().get(10, SECONDS)} or {@code orTimeout}; never block on it on the node's event thread,
     * which is the thread that would complete it. Cancelling the future stops the waiting.
     */
    public CompletableFuture<ServiceInstance> whenAvailable() {
        CompletableFuture<ServiceInstance> result = new CompletableFuture<>();
        ServiceListener listener = event -> {
            if (event instanceof ServiceEvent.InstanceAdded added) {
                result.complete(added.instance());
            }
        };
        addListener(listener);
        result.whenComplete((instance, error) -> removeListener(listener));
        choose().ifPresent(result::complete); // after subscribing, so that no instance slips between check and wait
        return result;
    }

    /**
     * Adds a listener for the changes of this service: {@link ServiceEvent.InstanceAdded},
     * {@link ServiceEvent.InstanceUpdated}, {@link ServiceEvent.InstanceRemoved} and {@link ServiceEvent.SetupFailed}
     * of its instances, delivered in order on the node's event thread.
     */
    public void addListener(ServiceListener listener) {
        listeners.add(listener);
    }

    public boolean removeListener(ServiceListener listener) {
        return listeners.remove(listener);
    }

    private void onEvent(ServiceEvent event) {
        ServiceInstance instance = instanceOf(event);
        if (instance != null && instance.name().equals(name)) {
            listeners.callAll(event);
        }
    }

    private static @Nullable ServiceInstance instanceOf(ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded e) {
            return e.instance();
        } else if (event instanceof ServiceEvent.InstanceUpdated e) {
            return e.instance();
        } else if (event instanceof ServiceEvent.InstanceRemoved e) {
            return e.instance();
        } else if (event instanceof ServiceEvent.SetupFailed e) {
            return e.instance();
        }
        return null;
    }

    @Override
    public String toString() {
        return "ServiceHandle{name=" + name + ", instances=" + instances().size() + "}";
    }
}
