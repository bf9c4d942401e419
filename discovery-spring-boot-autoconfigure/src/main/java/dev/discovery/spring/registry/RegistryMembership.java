package dev.discovery.spring.registry;

import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryListener;
import dev.discovery.Membership;
import dev.discovery.Node;
import dev.discovery.RemovalReason;
import dev.discovery.internal.engine.ListenerList;
import dev.discovery.internal.engine.SystemScheduler;
import dev.discovery.internal.logging.RateLimitedLog;
import dev.discovery.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Membership read from an existing registry through Spring Cloud's {@link DiscoveryClient} (ZooKeeper, Consul,
 * Kubernetes, Eureka...), with the lead granted by a Spring Integration leader initiator. Every registered instance
 * is a node advertising {@code {"name": serviceId, "host", "port", ...metadata}}; this application's own registration
 * (done by the registry's starter) is left out, as the UDP engine leaves itself out.
 *
 * <p>It reads the registry again when told to ({@link #refreshSoon()}, on each Spring Cloud {@code HeartbeatEvent},
 * which registries that can push send when they change) and at least every {@code pollInterval}. When the registry
 * cannot be read, the last view stays, as the registry clients' own caches do, and a warning is logged.
 */
public final class RegistryMembership implements Membership {

    private static final Logger log = LoggerFactory.getLogger(RegistryMembership.class);

    private final DiscoveryClient client;
    private final Supplier<@Nullable ServiceInstance> registration;
    private final String fallbackId = UUID.randomUUID().toString();
    private final Duration pollInterval;
    private final Scheduler scheduler = new SystemScheduler("registry");
    private final ListenerList<DiscoveryListener, DiscoveryEvent> listeners =
            new ListenerList<>("A discovery listener", DiscoveryListener::onEvent);
    private final RateLimitedLog readFailureLog = new RateLimitedLog(log, RateLimitedLog.DEFAULT_INTERVAL,
            scheduler::millis);
    private final AtomicBoolean refreshPending = new AtomicBoolean();

    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private boolean running;
    private boolean granted;
    private @Nullable Object advertisement;
    private @Nullable ScheduledExecutorService reader;

    /**
     * @param client       the application's discovery client (a composite of every registry it has)
     * @param registration this application's registration in the registry, if it has one yet, to leave itself out
     * @param pollInterval how often the registry is read when nothing tells of a change
     */
    public RegistryMembership(DiscoveryClient client, Supplier<@Nullable ServiceInstance> registration,
            Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.registration = Objects.requireNonNull(registration, "registration");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("discovery.registry.poll-interval must be positive, got " + pollInterval);
        }
        this.pollInterval = pollInterval;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            scheduler.start();
            running = true;
            reader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "discovery-registry-reader");
                t.setDaemon(true);
                return t;
            });
            reader.scheduleWithFixedDelay(this::refresh, pollInterval.toMillis(), pollInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (granted) {
                publish(new DiscoveryEvent.Promoted(self()));
            }
        }
        refresh(); // the first view before start returns, as the UDP engine's start binds before it returns
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopped;
        synchronized (lock) {
            if (!running) {
                return;
            }
            if (granted) {
                publish(new DiscoveryEvent.Demoted(self()));
            }
            running = false;
            nodes.clear();
            stopped = reader;
            reader = null;
        }
        if (stopped != null) {
            stopped.shutdownNow();
        }
        scheduler.stop();
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** The registration's instance id when the registry gives one, else an id made at random for this process. */
    @Override
    public String id() {
        ServiceInstance own = registration.get();
        return own != null && own.getInstanceId() != null ? own.getInstanceId() : fallbackId;
    }

    @Override
    public Node self() {
        synchronized (lock) {
            Object own = advertisement;
            String host = own instanceof Map<?, ?> map && map.get("host") instanceof String h ? h : "";
            return new Node(id(), host, host, 0, running && granted, true, 0, own, scheduler.instant(),
                    Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Override
    public List<Node> nodes() {
        synchronized (lock) {
            return List.copyOf(nodes.values());
        }
    }

    /** This node when the leader initiator granted it the lead: the registry does not tell who else leads. */
    @Override
    public List<Node> masters() {
        return isMaster() ? List.of(self()) : List.of();
    }

    @Override
    public boolean isMaster() {
        synchronized (lock) {
            return running && granted;
        }
    }

    /** Kept for {@link #self()}: the registry's starter registers this application, under its own name and port. */
    @Override
    public void advertise(@Nullable Object advertisement) {
        synchronized (lock) {
            this.advertisement = advertisement;
        }
    }

    @Override
    public void addListener(DiscoveryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public boolean removeListener(DiscoveryListener listener) {
        return listeners.remove(listener);
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The leader initiator granted (true) or revoked (false) the lead: Promoted or Demoted follows. */
    public void lead(boolean lead) {
        synchronized (lock) {
            if (lead == granted) {
                return;
            }
            granted = lead;
            if (running) {
                Node self = self();
                publish(lead ? new DiscoveryEvent.Promoted(self) : new DiscoveryEvent.Demoted(self));
            }
        }
    }

    /** Reads the registry again soon, off the caller's thread; calls while a read is pending are folded into it. */
    public void refreshSoon() {
        synchronized (lock) {
            if (running && reader != null && refreshPending.compareAndSet(false, true)) {
                reader.execute(() -> {
                    refreshPending.set(false);
                    refresh();
                });
            }
        }
    }

    private void refresh() {
        Map<String, Node> seen;
        try {
            seen = read();
        } catch (RuntimeException e) {
            readFailureLog.warn("read", "The registry cannot be read ({}); the services known stay as they were "
                    + "until it can", e.toString());
            return;
        }
        synchronized (lock) {
            if (!running) {
                return;
            }
            for (Node gone : new ArrayList<>(nodes.values())) {
                if (!seen.containsKey(gone.id())) {
                    nodes.remove(gone.id());
                    publish(new DiscoveryEvent.NodeRemoved(gone, RemovalReason.LEFT));
                }
            }
            for (Node node : seen.values()) {
                Node previous = nodes.put(node.id(), node);
                if (previous == null) {
                    publish(new DiscoveryEvent.NodeAdded(node));
                } else if (!sameInstance(previous, node)) {
                    publish(new DiscoveryEvent.NodeUpdated(previous, node));
                } else {
                    nodes.put(node.id(), previous);
                }
            }
        }
    }

    private Map<String, Node> read() {
        ServiceInstance own = registration.get();
        Map<String, Node> seen = new LinkedHashMap<>();
        for (String serviceId : client.getServices()) {
            for (ServiceInstance instance : client.getInstances(serviceId)) {
                if (own == null || !isSame(own, instance)) {
                    Node node = RegisteredNode.of(serviceId, instance, scheduler.instant());
                    seen.put(node.id(), node);
                }
            }
        }
        return seen;
    }

    /** Registrations often have no instance id (Spring Cloud ZooKeeper's has none): then service, host and port. */
    private static boolean isSame(ServiceInstance own, ServiceInstance registered) {
        if (own.getInstanceId() != null && registered.getInstanceId() != null) {
            return own.getInstanceId().equals(registered.getInstanceId());
        }
        return own.getServiceId().equalsIgnoreCase(registered.getServiceId())
                && Objects.equals(own.getHost(), registered.getHost()) && own.getPort() == registered.getPort();
    }

    private static boolean sameInstance(Node a, Node b) {
        return a.address().equals(b.address()) && a.port() == b.port()
                && Objects.equals(a.advertisement(), b.advertisement());
    }

    private void publish(DiscoveryEvent event) {
        scheduler.deliver(() -> listeners.callAll(event));
    }

    @Override
    public String toString() {
        return "the registry behind " + client.description() + " (discovery.backend=registry)";
    }
}
