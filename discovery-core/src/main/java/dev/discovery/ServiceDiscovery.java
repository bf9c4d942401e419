package dev.discovery;

import dev.discovery.internal.engine.ListenerList;
import dev.discovery.internal.logging.RateLimitedLog;
import dev.discovery.internal.wire.Json;
import dev.discovery.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named services on top of a {@link Discovery}: this node offers one service ({@link #advertise}), needs others
 * ({@link #need}), prepares each discovered instance with setup hooks ({@link #setup}) and is told when everything it
 * needs is available ({@link ServiceEvent.Ready}) or no longer is ({@link ServiceEvent.NotReady}).
 *
 * <pre>{@code
 * ServiceDiscovery services = new ServiceDiscovery(new Discovery(options));
 * services.advertise(Map.of("name", "web", "port", 8080));
 * services.need("redis");
 * services.setup("mongo", instance -> connectAsync(instance.host(), instance.port().orElse(27017)));
 * services.addListener(event -> { if (event instanceof ServiceEvent.Ready) startServing(); });
 * services.start();
 * }</pre>
 *
 * <p>It adds no membership logic of its own: it follows the discovery's node events, and its events go through the
 * same ordered delivery as the discovery's, after the node event that caused them.
 */
public final class ServiceDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceDiscovery.class);

    private enum Readiness { STOPPED, READY, NOT_READY }

    private final Membership discovery;
    private final ServiceOptions options;
    private final Scheduler scheduler;
    private final ListenerList<ServiceListener, ServiceEvent> listeners =
            new ListenerList<>("A service listener", ServiceListener::onEvent);
    private final Map<String, ServiceHandle> handles = new ConcurrentHashMap<>();
    private final RateLimitedLog setupFailureLog;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Set<String> needs = new LinkedHashSet<>();
    private final Map<String, List<SetupHook>> hooks = new HashMap<>();
    private final Map<String, TrackedInstance> instances = new LinkedHashMap<>();
    private final Map<String, Deque<TrackedInstance>> setupQueues = new HashMap<>();
    private final Map<String, TrackedInstance> settingUp = new HashMap<>();
    private Readiness readiness = Readiness.STOPPED;

    public ServiceDiscovery(Membership discovery) {
        this(discovery, ServiceOptions.DEFAULTS);
    }

    /** Services over the UDP engine ({@link Discovery}) or over another membership, such as an existing registry. */
    public ServiceDiscovery(Membership discovery, ServiceOptions options) {
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = discovery.scheduler();
        // Instances come from hellos, forged ones too: their failing setups must not flood the log.
        this.setupFailureLog = new RateLimitedLog(log, RateLimitedLog.DEFAULT_INTERVAL, scheduler::millis);
        discovery.addListener(this::onDiscoveryEvent);
    }

    /**
     * The UDP node underneath, for channels, stats and ownership.
     *
     * @throws UnsupportedOperationException when the membership is not the UDP engine (a registry backend)
     */
    public Discovery discovery() {
        if (discovery instanceof Discovery udp) {
            return udp;
        }
        throw new UnsupportedOperationException("Channels, stats, ownership and the UDP node need the UDP backend, but "
                + "membership here comes from " + discovery + ". Use the registry's own means for them, or set "
                + "discovery.backend=udp.");
    }

    /** Where nodes and masters come from: the UDP engine or an existing registry. */
    public Membership membership() {
        return discovery;
    }

    /** Starts the discovery; {@link ServiceEvent.Ready} follows as soon as every need is met (at once if none). */
    public void start() {
        discovery.start();
        synchronized (lock) {
            if (readiness == Readiness.STOPPED) {
                readiness = Readiness.NOT_READY;
                for (Node node : discovery.nodes()) {
                    onNode(node);
                }
                evaluate();
            }
        }
    }

    /** Stops the discovery and forgets every instance, without events. */
    public void stop() {
        discovery.stop();
        synchronized (lock) {
            readiness = Readiness.STOPPED;
            instances.values().forEach(this::cancelSetup); // a hook that completes later is then ignored
            instances.clear();
            setupQueues.clear();
            settingUp.clear();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Offers this node's service: a map or record with a non-empty string {@code name} and any other fields (host,
     * port, version, {@code ready}...). May be called again at any time; peers see the change at once.
     *
     * @throws IllegalArgumentException when there is no name, or the value is not JSON-able or too large
     */
    public void advertise(Object service) {
        Map<?, ?> info = service instanceof Map<?, ?> map ? map : Json.convert(service, Map.class);
        if (info == null || !(info.get("name") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("A service advertisement needs a non-empty string field 'name', got "
                    + service + ". Advertise for example Map.of(\"name\", \"web\", \"port\", 8080).");
        }
        discovery.advertise(service);
    }

    /** Adds needed service names; may be called before or after start. */
    public void need(String... names) {
        synchronized (lock) {
            for (String name : names) {
                requireName(name);
                needs.add(name);
            }
            evaluate();
        }
    }

    /** The needed names. */
    public Set<String> needs() {
        synchronized (lock) {
            return Set.copyOf(needs);
        }
    }

    /**
     * Needs {@code name} and runs {@code hook} once for every discovered instance of it, one instance at a time per
     * name. An instance is available only after every hook of its name succeeded; a failure or a timeout is reported
     * as {@link ServiceEvent.SetupFailed} and retried with backoff while the instance lives.
     */
    public void setup(String name, SetupHook hook) {
        Objects.requireNonNull(hook, "hook");
        synchronized (lock) {
            requireName(name);
            hooks.computeIfAbsent(name, n -> new ArrayList<>()).add(hook);
            needs.add(name);
            // Instances already known also go through the new hook; those available stay available meanwhile.
            for (TrackedInstance t : instances.values()) {
                if (t.name.equals(name) && t.readyFlag) {
                    enqueue(t);
                }
            }
            pump(name);
            evaluate();
        }
    }

    /** Every available instance by service name, as a snapshot. */
    public Map<String, List<ServiceInstance>> services() {
        synchronized (lock) {
            return availableByName();
        }
    }

    /** The available instances of one service. */
    public List<ServiceInstance> instances(String name) {
        return services().getOrDefault(name, List.of());
    }

    /** Whether every needed name has an available instance (false before start). */
    public boolean isReady() {
        synchronized (lock) {
            return readiness == Readiness.READY;
        }
    }

    /** The needed names without an available instance. */
    public Set<String> missing() {
        synchronized (lock) {
            return missingNames();
        }
    }

    /**
     * A live handle on a service: its available instances, one chosen in turn, a future for the first one, and a
     * listener of its changes. Every call for a name returns the same handle. It does not make the service needed:
     * call {@link #need} for that.
     */
    public ServiceHandle service(String name) {
        requireName(name);
        return handles.computeIfAbsent(name, n -> new ServiceHandle(n, this));
    }

    /**
     * Completed with the available services as soon as every need is met: at once when it is already. It stays
     * pending while the discovery is stopped; cancelling it stops the waiting.
     */
    public CompletableFuture<Map<String, List<ServiceInstance>>> whenReady() {
        CompletableFuture<Map<String, List<ServiceInstance>>> result = new CompletableFuture<>();
        ServiceListener listener = event -> {
            if (event instanceof ServiceEvent.Ready ready) {
                result.complete(ready.services());
            }
        };
        addListener(listener);
        result.whenComplete((services, error) -> removeListener(listener));
        if (isReady()) { // after subscribing, so that a Ready cannot slip between check and wait
            result.complete(services());
        }
        return result;
    }

    /**
     * Waits until every need is met, at most {@code timeout}. Never call it on the node's event thread (from a
     * listener or a setup hook): that thread is the one that would make it ready.
     *
     * @return whether every need is met; when not, {@link #missing()} tells what is missing
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        CompletableFuture<Map<String, List<ServiceInstance>>> ready = whenReady();
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("not reached: the future is only ever completed normally", e);
        } finally {
            ready.cancel(false);
        }
    }

    public void addListener(ServiceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public boolean removeListener(ServiceListener listener) {
        return listeners.remove(listener);
    }

    // ---- following the discovery -----------------------------------------------------------------------------

    private void onDiscoveryEvent(DiscoveryEvent event) {
        synchronized (lock) {
            if (readiness == Readiness.STOPPED) {
                return;
            }
            if (event instanceof DiscoveryEvent.NodeAdded added) {
                onNode(added.node());
            } else if (event instanceof DiscoveryEvent.NodeUpdated updated) {
                onNode(updated.node());
            } else if (event instanceof DiscoveryEvent.NodeRemoved removed) {
                TrackedInstance t = instances.remove(removed.node().id());
                if (t != null) {
                    forget(t);
                }
            } else {
                return;
            }
            evaluate();
        }
    }

    private void onNode(Node node) {
        String name = node.advertisementMap().get("name") instanceof String n && !n.isBlank() ? n : null;
        TrackedInstance t = instances.get(node.id());
        if (t != null && !t.name.equals(name)) {
            instances.remove(node.id());
            forget(t); // renamed, or no longer a service
            evaluate(); // a loss is told before what replaces it
            t = null;
        }
        if (name == null) {
            return;
        }
        if (t == null) {
            t = new TrackedInstance(node.id(), name);
            instances.put(node.id(), t);
        }
        ServiceInstance previous = t.instance;
        t.instance = ServiceInstance.of(name, node);
        t.readyFlag = !Boolean.FALSE.equals(node.advertisementMap().get("ready"));
        if (!t.readyFlag) {
            makeUnavailable(t);
            cancelSetup(t);
            pump(name); // the next instance of the name must not wait behind one that stepped back
        } else if (t.available) {
            if (!t.instance.equals(previous)) {
                publish(new ServiceEvent.InstanceUpdated(previous, t.instance));
            }
        } else if (t.hooksDone >= hookCount(name)) {
            makeAvailable(t);
        } else {
            enqueue(t);
            pump(name);
        }
    }

    /** The instance is gone (or renamed): it leaves the services at once and its setup is abandoned. */
    private void forget(TrackedInstance t) {
        makeUnavailable(t);
        cancelSetup(t);
        pump(t.name);
    }

    private void makeAvailable(TrackedInstance t) {
        t.available = true;
        publish(new ServiceEvent.InstanceAdded(t.instance));
    }

    private void makeUnavailable(TrackedInstance t) {
        if (t.available) {
            t.available = false;
            publish(new ServiceEvent.InstanceRemoved(t.instance));
        }
    }

    // ---- setup hooks -----------------------------------------------------------------------------------------

    private int hookCount(String name) {
        return hooks.getOrDefault(name, List.of()).size();
    }

    private void enqueue(TrackedInstance t) {
        if (!t.queued && settingUp.get(t.name) != t && t.timer == null) {
            t.queued = true;
            setupQueues.computeIfAbsent(t.name, n -> new ArrayDeque<>()).add(t);
        }
    }

    private void cancelSetup(TrackedInstance t) {
        t.attempt++;
        t.cancelTimer();
        if (t.queued) {
            t.queued = false;
            setupQueues.getOrDefault(t.name, new ArrayDeque<>()).remove(t);
        }
        if (settingUp.get(t.name) == t) {
            settingUp.remove(t.name);
        }
    }

    /** Starts the next setup of a name when none is running: one instance at a time per name. */
    private void pump(String name) {
        if (settingUp.containsKey(name) || readiness == Readiness.STOPPED) {
            return;
        }
        Deque<TrackedInstance> queue = setupQueues.getOrDefault(name, new ArrayDeque<>());
        TrackedInstance next = queue.poll();
        if (next == null) {
            return;
        }
        next.queued = false;
        settingUp.put(name, next);
        runHook(next);
    }

    private void runHook(TrackedInstance t) {
        int attempt = ++t.attempt;
        SetupHook hook = hooks.get(t.name).get(t.hooksDone);
        ServiceInstance instance = t.instance;
        t.timer = scheduler.schedule(options.setupTimeout().toMillis(), () -> {
            synchronized (lock) {
                if (t.attempt == attempt) {
                    failed(t, new TimeoutException("setup of " + t.name + " on node " + t.nodeId + " took longer than "
                            + options.setupTimeout()));
                }
            }
        });
        // Hooks run on the event thread, outside the lock, like listeners.
        scheduler.deliver(() -> {
            CompletionStage<?> stage;
            try {
                stage = Objects.requireNonNull(hook.setup(instance), "a setup hook returned null instead of a stage");
            } catch (Exception | Error e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((ignored, error) -> {
                synchronized (lock) {
                    if (t.attempt != attempt) {
                        return; // timed out, cancelled or superseded meanwhile
                    }
                    t.cancelTimer();
                    if (error != null) {
                        failed(t, error);
                    } else {
                        succeeded(t);
                    }
                    evaluate();
                }
            });
        });
    }

    private void succeeded(TrackedInstance t) {
        t.hooksDone++;
        t.failures = 0;
        if (t.hooksDone < hookCount(t.name)) {
            runHook(t);
            return;
        }
        settingUp.remove(t.name);
        if (!t.available && t.readyFlag) {
            makeAvailable(t);
        }
        pump(t.name);
    }

    private void failed(TrackedInstance t, Throwable error) {
        t.attempt++;
        t.cancelTimer();
        settingUp.remove(t.name);
        t.failures++;
        Duration retryIn = options.retryDelay(t.failures);
        setupFailureLog.warn(t.name, "Setup of service '{}' on node {} failed (attempt {}), retrying in {}: {}",
                t.name, t.nodeId, t.failures, retryIn, error.toString());
        publish(new ServiceEvent.SetupFailed(t.instance, error, t.failures, retryIn));
        t.timer = scheduler.schedule(retryIn.toMillis(), () -> {
            synchronized (lock) {
                t.timer = null;
                if (instances.get(t.nodeId) == t && t.readyFlag) {
                    enqueue(t);
                    pump(t.name);
                }
            }
        });
        pump(t.name);
    }

    // ---- readiness -------------------------------------------------------------------------------------------

    private void evaluate() {
        if (readiness == Readiness.STOPPED) {
            return;
        }
        Set<String> missing = missingNames();
        if (missing.isEmpty() && readiness != Readiness.READY) {
            readiness = Readiness.READY;
            publish(new ServiceEvent.Ready(availableByName()));
        } else if (!missing.isEmpty() && readiness == Readiness.READY) {
            readiness = Readiness.NOT_READY;
            publish(new ServiceEvent.NotReady(missing));
        }
    }

    private Set<String> missingNames() {
        Set<String> available = new TreeSet<>();
        for (TrackedInstance t : instances.values()) {
            if (t.available) {
                available.add(t.name);
            }
        }
        Set<String> missing = new TreeSet<>(needs);
        missing.removeAll(available);
        return Collections.unmodifiableSet(missing);
    }

    private Map<String, List<ServiceInstance>> availableByName() {
        Map<String, List<ServiceInstance>> byName = new TreeMap<>();
        for (TrackedInstance t : instances.values()) {
            if (t.available) {
                byName.computeIfAbsent(t.name, n -> new ArrayList<>()).add(t.instance);
            }
        }
        byName.replaceAll((name, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(byName);
    }

    private void publish(ServiceEvent event) {
        scheduler.deliver(() -> listeners.callAll(event));
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A service name must not be empty");
        }
    }
}
