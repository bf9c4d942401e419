package dev.discovery.spring.test;

import dev.discovery.Discovery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A remote instance of a service, declared by a test instead of started: a real node on the
 * {@link TestDiscoveryNetwork} that advertises what the test says, so an application that needs the service becomes
 * ready without it. Every change is seen by the applications when the method returns.
 */
public final class FakePeer implements NetworkNode {

    private final TestDiscoveryNetwork network;
    private final Discovery discovery;
    private final String address;

    FakePeer(TestDiscoveryNetwork network, Discovery discovery, Map<String, ?> advertisement) {
        this.network = network;
        this.discovery = discovery;
        this.address = network.addressOf(discovery);
        discovery.advertise(requireName(advertisement));
        discovery.start();
    }

    /** The service name it advertises. */
    public String name() {
        return String.valueOf(advertisement().get("name"));
    }

    /** What it advertises now. */
    public Map<String, Object> advertisement() {
        return discovery.self().advertisementMap();
    }

    /** Advertises {@code advertisement} instead, for example another port or version. */
    public FakePeer advertise(Map<String, ?> advertisement) {
        discovery.advertise(requireName(advertisement));
        network.settle();
        return this;
    }

    /** Stays on the network but stops being available: it advertises {@code "ready": false}. */
    public FakePeer notReady() {
        return withReady(false);
    }

    /** Is available again. */
    public FakePeer ready() {
        return withReady(true);
    }

    /** Leaves the network with a goodbye: applications drop it at once. */
    public void remove() {
        if (discovery.isRunning()) {
            network.leave(this, true, discovery::stop);
        }
    }

    /** Falls silent without a goodbye: applications drop it when its node timeout has passed. */
    public void crash() {
        if (discovery.isRunning()) {
            network.leave(this, false, discovery::stop);
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Discovery discovery() {
        return discovery;
    }

    private FakePeer withReady(boolean ready) {
        Map<String, Object> advertisement = new LinkedHashMap<>(advertisement());
        if (ready) {
            advertisement.remove("ready");
        } else {
            advertisement.put("ready", false);
        }
        return advertise(advertisement);
    }

    private static Map<String, ?> requireName(Map<String, ?> advertisement) {
        if (!(advertisement.get("name") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("A fake peer advertises a service: give it a \"name\", got "
                    + advertisement);
        }
        return advertisement;
    }

    @Override
    public String toString() {
        return address + " (fake " + name() + ")";
    }
}
