package dev.discovery.spring.node;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryException;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the nodes with the application context: they start once every bean is ready, and stop (saying goodbye, so peers
 * drop them at once) when the context closes. The starter creates one for every {@link ServiceDiscovery} bean; define
 * your own to run other nodes, or set {@code discovery.auto-startup=false} to start them yourself.
 */
public class DiscoveryLifecycle implements SmartLifecycle {

    /**
     * The last phase to start and the first to stop. Graceful shutdown of the web server runs at
     * {@code DEFAULT_PHASE - 1024}: peers hear the goodbye and stop sending work while requests are still answered.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

    private final List<ServiceDiscovery> services;
    private final boolean autoStartup;

    /**
     * @param services    the nodes to run, started in this order and stopped in the reverse order
     * @param autoStartup whether they start with the context; when false, {@link #start()} starts them
     */
    public DiscoveryLifecycle(List<ServiceDiscovery> services, boolean autoStartup) {
        this.services = List.copyOf(services);
        this.autoStartup = autoStartup;
    }

    @Override
    public void start() {
        for (ServiceDiscovery node : services) {
            try {
                node.start();
            } catch (DiscoveryException e) {
                DiscoveryOptions options = node.discovery().options();
                throw new DiscoveryStartupException("Discovery cannot start: " + e.getMessage(),
                        "Set discovery.port to a free UDP port, or discovery.bind-address to an address of this host "
                                + "(now " + options.bindAddress() + ":" + options.port() + "); with "
                                + "discovery.reuse-addr=false no other process may hold the port.", e);
            }
        }
    }

    @Override
    public void stop() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
    }

    /** A failed node still holds its socket and threads: running as far as the context is concerned, to be stopped. */
    @Override
    public boolean isRunning() {
        return services.stream().anyMatch(node -> node.membership().isRunning()
                || node.membership() instanceof Discovery udp && udp.failure().isPresent());
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
