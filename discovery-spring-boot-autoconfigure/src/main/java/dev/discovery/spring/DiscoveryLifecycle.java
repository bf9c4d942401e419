package dev.discovery.spring;

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
        services.start();
    }

    @Override
    public void stop() {
        services.stop();
    }

    @Override
    public boolean isRunning() {
        return services.discovery().isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
