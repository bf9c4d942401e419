package dev.discovery.spring.test;

import dev.discovery.Discovery;
import dev.discovery.ServiceDiscovery;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

/** An application context started on a {@link TestDiscoveryNetwork}, with its node. */
public final class TestApplication implements NetworkNode, AutoCloseable {

    private final TestDiscoveryNetwork network;
    private final ConfigurableApplicationContext context;
    private final Discovery discovery;
    private final String address;
    private final RecordedDiscoveryEvents events;

    TestApplication(TestDiscoveryNetwork network, ConfigurableApplicationContext context, Discovery discovery) {
        this.network = network;
        this.context = context;
        this.discovery = discovery;
        this.address = network.addressOf(discovery);
        this.events = context.getBean(RecordedDiscoveryEvents.class);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T getBean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public String address() {
        return address;
    }

    /** Its node; still there, stopped, once the application is. */
    @Override
    public Discovery discovery() {
        return discovery;
    }

    public ServiceDiscovery services() {
        return context.getBean(ServiceDiscovery.class);
    }

    /** The discovery events this application published since it started, until it stopped. */
    public RecordedDiscoveryEvents events() {
        return events;
    }

    /** What the readiness probe would say, or null without Boot's availability support. */
    public @Nullable ReadinessState readiness() {
        ApplicationAvailability availability = context.getBeanProvider(ApplicationAvailability.class).getIfAvailable();
        return availability == null ? null : availability.getReadinessState();
    }

    public boolean isRunning() {
        return context.isActive();
    }

    /** Shuts the application down as usual: its node says goodbye and peers drop it at once. */
    public void stop() {
        if (context.isActive()) {
            network.leave(this, true, context::close);
        }
    }

    /**
     * Ends the application as a crash or a power cut would: its node falls silent without a goodbye, so peers drop it
     * only when its node timeout (or master timeout) has passed.
     */
    public void crash() {
        if (context.isActive()) {
            network.leave(this, false, context::close);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        Object name = discovery.self().advertisementMap().get("name");
        return address + (name == null ? "" : " (" + name + ")");
    }
}
