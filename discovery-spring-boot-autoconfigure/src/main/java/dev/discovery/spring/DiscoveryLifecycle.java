package dev.discovery.spring;

import dev.discovery.DiscoveryException;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the node with the application context: it starts once every bean is ready, and stops (saying goodbye, so peers
 * drop this node at once) when the context closes.
 */
final class DiscoveryLifecycle implements SmartLifecycle {

    /**
     * The last phase to start and the first to stop. Graceful shutdown of the web server runs at
     * {@code DEFAULT_PHASE - 1024}: peers hear the goodbye and stop sending work while requests are still answered.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

    private final ServiceDiscovery services;

    DiscoveryLifecycle(ServiceDiscovery services) {
        this.services = services;
    }

    @Override
    public void start() {
        try {
            services.start();
        } catch (DiscoveryException e) {
            DiscoveryOptions options = services.discovery().options();
            throw new DiscoveryStartupException("Discovery cannot start: " + e.getMessage(),
                    "Set discovery.port to a free UDP port, or discovery.bind-address to an address of this host "
                            + "(now " + options.bindAddress() + ":" + options.port() + "); with discovery.reuse-addr=false "
                            + "no other process may hold the port.", e);
        }
    }

    @Override
    public void stop() {
        services.stop();
    }

    /** A failed node still holds its socket and threads: running as far as the context is concerned, to be stopped. */
    @Override
    public boolean isRunning() {
        return services.discovery().isRunning() || services.discovery().failure().isPresent();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
