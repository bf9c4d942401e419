package dev.discovery.spring;

import dev.discovery.internal.logging.RateLimitedLog;
import org.slf4j.LoggerFactory;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import dev.discovery.ServiceInstance;
import dev.discovery.ServiceListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live view of one needed service, injected with {@link NeedsService}. It holds no copy: every call answers from
 * the discovery's current state, so keep the handle and ask it each time.
 */
public final class ServiceHandle {

    /** Instances come from hellos, forged ones too: a listener failing on each must not flood the log. */
    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(ServiceHandle.class));

    private final String name;
    private final ServiceDiscovery services;
    private final AtomicInteger next = new AtomicInteger();
    private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();

    ServiceHandle(String name, ServiceDiscovery services) {
        this.name = name;
        this.services = services;
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
     * {@code whenAvailable().get(10, SECONDS)} or {@code orTimeout}; never wait for it on the discovery's event thread.
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
     * of its instances, delivered in order on the discovery's event thread.
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
            for (ServiceListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    // As for the core's listeners: one that fails must not keep the others from hearing the change.
                    log.error(name, e, "A listener of service '{}' failed on {}", name, event);
                }
            }
        }
    }

    private static ServiceInstance instanceOf(ServiceEvent event) {
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
