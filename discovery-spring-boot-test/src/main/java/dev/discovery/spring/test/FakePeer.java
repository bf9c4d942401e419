package dev.discovery.spring.test;

import dev.discovery.Discovery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A remote instance of a service, declared by a test instead of started: a real node on the
 * {@link TestDiscoveryNetwork} that advertises what the test says, so an application that needs the service becomes
 * ready without it. Every change is seen by the applications when the method returns.
 *
 * <p>Its service is on this machine: unless the advertisement names a {@code host}, it advertises {@value #HOST}, so
 * that a call to it (a {@code @LoadBalanced} client) reaches the test's local stub (WireMock, a JDK
 * {@code HttpServer}) at the advertised {@code port}. Its node's {@link #address()} on the in-memory network is
 * another, of that network's own.
 */
public final class FakePeer implements NetworkNode {

    /** Where callers reach a fake peer's service unless its advertisement says otherwise. */
    public static final String HOST = "127.0.0.1";

    private final TestDiscoveryNetwork network;
    private final Discovery discovery;
    private final String address;

    FakePeer(TestDiscoveryNetwork network, Discovery discovery, Map<String, ?> advertisement) {
        this.network = network;
        this.discovery = discovery;
        this.address = network.addressOf(discovery);
        discovery.advertise(onThisMachine(advertisement));
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
        discovery.advertise(onThisMachine(advertisement));
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

    private static Map<String, ?> onThisMachine(Map<String, ?> advertisement) {
        if (!(advertisement.get("name") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("A fake peer advertises a service: give it a \"name\", got "
                    + advertisement);
        }
        if (advertisement.containsKey("host")) {
            return advertisement;
        }
        Map<String, Object> withHost = new LinkedHashMap<>(advertisement);
        withHost.put("host", HOST);
        return withHost;
    }

    @Override
    public String toString() {
        return address + " (fake " + name() + ")";
    }
}
