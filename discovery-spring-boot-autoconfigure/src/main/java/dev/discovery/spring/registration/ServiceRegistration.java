package dev.discovery.spring.registration;

import dev.discovery.Discovery;
import dev.discovery.spring.needs.NeedsAwareEventMulticaster;
import dev.discovery.spring.needs.NeedsReadiness;
import dev.discovery.spring.node.DiscoveryLifecycle;
import dev.discovery.spring.node.DiscoveryStartupException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Offers this application's service the way Spring Cloud registries do, completing what {@code discovery.service.*}
 * advertises: the port the web server really bound (so {@code server.port=0} works), the management port and path
 * that Spring Boot Admin reads, and {@code ready: false} while the application refuses traffic or is shutting down.
 *
 * <p>Shutdown, in order: the context closes and the instance advertises {@code ready: false} (callers stop choosing it
 * at once); the node stops and says goodbye; this lifecycle waits {@code discovery.registration.drain}; then the web
 * server shuts down gracefully, finishing the requests in flight. Each step is a phase of its own, so the order holds
 * whatever the beans are called.
 *
 * <p>Readiness that {@link NeedsReadiness} turns to refusing because a needed service is missing does not withdraw the
 * instance: services that need each other would otherwise wait for each other for ever.
 */
final class ServiceRegistration implements SmartLifecycle {

    /** Starts after the web server has bound its port and before the node says its first hello; stops in between too. */
    static final int PHASE = DiscoveryLifecycle.PHASE - 512;

    static final String SPRING_CLOUD_SWITCH = "spring.cloud.service-registry.auto-registration.enabled";
    static final String MANAGEMENT_NAMESPACE = "management";

    private static final Logger log = LoggerFactory.getLogger(ServiceRegistration.class);

    private final Discovery discovery;
    private final boolean enabled;
    private final Duration drain;
    private final ApplicationContext context;
    private final ManagementPaths paths;

    // Guarded by this.
    private @Nullable Integer port;
    private @Nullable Integer managementPort;
    private boolean refusing;
    private boolean leaving;
    private boolean running;
    private boolean withdrawnByUs;
    private boolean offering;

    ServiceRegistration(Discovery discovery, RegistrationProperties properties, Environment environment,
            ApplicationContext context) {
        if (properties.getDrain().isNegative()) {
            throw new DiscoveryStartupException("Invalid configuration: discovery.registration.drain must not be "
                    + "negative, was " + properties.getDrain(), "Set discovery.registration.drain to 0 or more, for "
                    + "example 1s.", null);
        }
        this.discovery = discovery;
        this.enabled = properties.isEnabled() && springCloudAllows(environment);
        if (enabled && !StringUtils.hasText(environment.getProperty("discovery.service.name"))) {
            log.warn("This application offers no service that others can find: neither spring.application.name nor "
                    + "discovery.service.name is set. Set spring.application.name=orders (or discovery.service.name="
                    + "orders) to the name its callers use; an application that only calls others sets "
                    + "discovery.registration.enabled=false.");
        }
        this.drain = properties.getDrain();
        this.context = context;
        this.paths = new ManagementPaths(environment);
    }

    /** Spring Cloud's switch, honoured with or without Spring Cloud on the class path. */
    static boolean springCloudAllows(Environment environment) {
        return environment.getProperty(SPRING_CLOUD_SWITCH, Boolean.class, true);
    }

    /** A web server of this application bound its port; {@code namespace} is "management" for the management one. */
    synchronized void webServerStarted(@Nullable String namespace, int boundPort) {
        if (MANAGEMENT_NAMESPACE.equals(namespace)) {
            managementPort = boundPort;
        } else if (namespace == null) {
            port = boundPort;
        }
        apply();
    }

    @EventListener
    synchronized void readinessChanged(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getSource() instanceof NeedsReadiness || event instanceof NeedsAwareEventMulticaster.RefusedForNeeds) {
            return; // a missing need: the instance stays offered
        }
        refusing = event.getState() == ReadinessState.REFUSING_TRAFFIC;
        apply();
    }

    /** Comes before any lifecycle stops: callers stop choosing this instance while it still serves. */
    @EventListener
    synchronized void contextClosing(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            leaving = true;
            apply();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!enabled) {
            if (discovery.advertisement() != null) {
                discovery.advertise(null);
            }
            return;
        }
        apply();
    }

    @Override
    public void stop() {
        synchronized (this) {
            running = false;
        }
    }

    /** Waits the drain without holding a thread, when this node offered a service: nobody else waits for it. */
    @Override
    public void stop(Runnable callback) {
        boolean wait;
        synchronized (this) {
            running = false;
            wait = offering && !drain.isZero();
        }
        if (wait) {
            log.info("Service withdrawn; waiting {} ms before the web server stops", drain.toMillis());
            CompletableFuture.delayedExecutor(drain.toMillis(), TimeUnit.MILLISECONDS).execute(callback);
        } else {
            callback.run();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Completes the current advertisement; before start nothing is sent, start applies everything at once. */
    private void apply() {
        if (!running || !enabled || !(discovery.advertisement() instanceof Map<?, ?> current)
                || !(current.get("name") instanceof String)) {
            return;
        }
        Map<Object, Object> next = new LinkedHashMap<>(current);
        if (port != null) {
            next.putIfAbsent("port", port);
            if (managementPort != null) {
                next.putIfAbsent("management.port", managementPort);
            }
            paths.contextPath(managementPort != null).ifPresent(path -> next.putIfAbsent("management.context-path", path));
            if (paths.secure()) {
                next.putIfAbsent("secure", true);
            }
        }
        boolean withdraw = refusing || leaving;
        if (withdraw) {
            next.put("ready", false);
        } else if (withdrawnByUs) {
            next.remove("ready");
        }
        withdrawnByUs = withdraw;
        offering = true;
        if (!next.equals(current)) {
            discovery.advertise(next);
        }
    }
}
