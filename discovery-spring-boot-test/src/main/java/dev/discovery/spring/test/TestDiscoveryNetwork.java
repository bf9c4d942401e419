package dev.discovery.spring.test;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.spring.node.DiscoveryFactory;
import dev.discovery.testing.InMemoryNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An in-memory network for discovery nodes: no socket is opened and no datagram leaves the JVM. Every Spring test
 * context gets one (inject it); a test can also make its own to run a cluster of applications on it.
 *
 * <pre>{@code
 * try (TestDiscoveryNetwork network = TestDiscoveryNetwork.virtualTime()) {
 *     TestApplication orders = network.start(OrdersApplication.class, "--discovery.service.name=orders");
 *     FakePeer billing = network.fakePeer("billing");
 *     network.advance(Duration.ofSeconds(3));
 *     assertThat(orders).isReady().isMaster();
 * }
 * }</pre>
 *
 * <p>In real time ({@link #realTime()}) the network's clock follows the wall clock, as a real network would; in
 * virtual time ({@link #virtualTime()}) nothing happens until the test calls {@link #advance} or {@link #awaitUntil},
 * which then run every hello, timeout and event of that time at once, on the calling thread. The clock starts at
 * 2026-01-01T00:00Z. Every node's events run on the network's one thread (real time) or the test's (virtual time):
 * a listener must not wait for another discovery event.
 */
public final class TestDiscoveryNetwork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestDiscoveryNetwork.class);
    /** Where in-memory nodes send, whatever the application configured: every node on the network hears it. */
    private static final String BROADCAST = "255.255.255.255";

    private final NetworkClock clock;
    private final InMemoryNetwork network;
    private final Map<Discovery, String> addresses = new IdentityHashMap<>(); // guarded by this
    private final List<TestApplication> applications = new ArrayList<>(); // guarded by this
    private final List<FakePeer> fakePeers = new ArrayList<>(); // guarded by this
    private @Nullable DiscoveryOptions firstOptions; // guarded by this
    private int hosts; // guarded by this

    private TestDiscoveryNetwork(boolean virtualTime) {
        this.clock = new NetworkClock(virtualTime);
        this.network = new InMemoryNetwork(clock.scheduler(), 42);
    }

    /** A network whose time follows the wall clock. */
    public static TestDiscoveryNetwork realTime() {
        return new TestDiscoveryNetwork(false);
    }

    /** A network whose time moves only when the test advances it. */
    public static TestDiscoveryNetwork virtualTime() {
        return new TestDiscoveryNetwork(true);
    }

    public boolean isVirtualTime() {
        return clock.isVirtual();
    }

    // ---- nodes ------------------------------------------------------------------------------------------------

    /** Creates nodes on this network: the bean that replaces real UDP in an application context. */
    public DiscoveryFactory factory() {
        return this::node;
    }

    /**
     * A node on this network with the application's options, except where it sends: every node of the network hears
     * every other (the configured port, keys and timings still apply). The one place nodes are put on the network.
     */
    private Discovery node(DiscoveryOptions configured) {
        DiscoveryOptions options = configured.toBuilder().unicast(List.of()).multicast(null).broadcast(BROADCAST)
                .build();
        String address;
        synchronized (this) {
            hosts++;
            address = "10.0." + (hosts / 250) + "." + (hosts % 250 + 1);
        }
        Discovery discovery = new Discovery(options, network.transport(address, options.port()), new NodeScheduler(clock));
        synchronized (this) {
            addresses.put(discovery, address);
            if (firstOptions == null) {
                firstOptions = options;
            }
        }
        clock.start();
        log.info("Discovery node {} is on an in-memory test network at {} ({} time): no socket, no datagram leaves "
                + "the JVM", discovery.id(), address, clock.isVirtual() ? "virtual" : "real");
        return discovery;
    }

    /** Whether {@code discovery} was created on this network. */
    public synchronized boolean contains(Discovery discovery) {
        return addresses.containsKey(discovery);
    }

    /** The node of {@code discovery}, which must have been created on this network (a test context's own, say). */
    public NetworkNode node(Discovery discovery) {
        return new Member(addressOf(discovery), discovery);
    }

    /** A node the test did not start itself. */
    private record Member(String address, Discovery discovery) implements NetworkNode {
    }

    synchronized String addressOf(Discovery discovery) {
        String address = addresses.get(discovery);
        if (address == null) {
            throw new IllegalArgumentException(discovery + " is not a node of this test network");
        }
        return address;
    }

    // ---- applications -----------------------------------------------------------------------------------------

    /**
     * Starts an application on this network with command-line arguments ({@code --discovery.service.name=orders}).
     * Its web server, if it has one, gets a port that is free now unless {@code --server.port} is given (not 0, so
     * that {@code discovery.service.port: ${server.port}} advertises the real one).
     */
    public TestApplication start(Class<?> application, String... args) {
        return start(new SpringApplicationBuilder(application), args);
    }

    /** Starts an application on this network, as the builder configures it (for example without a web server). */
    public TestApplication start(SpringApplicationBuilder application, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            all.add(0, "--server.port=" + freeTcpPort());
        }
        ConfigurableApplicationContext context = application.initializers(new TestNetworkInitializer(this, false))
                .run(all.toArray(String[]::new));
        Discovery discovery = context.getBeanProvider(Discovery.class).getIfUnique();
        if (discovery == null || !contains(discovery)) {
            context.close();
            throw new IllegalStateException("The application started, but has no discovery node on this network "
                    + "(is discovery.enabled=false, or are there several Discovery beans?)");
        }
        TestApplication started = new TestApplication(this, context, discovery);
        synchronized (this) {
            applications.add(started);
        }
        return started;
    }

    private static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The applications started on this network that are still running, in the order they started. */
    public synchronized List<TestApplication> applications() {
        return applications.stream().filter(TestApplication::isRunning).toList();
    }

    // ---- fake peers -------------------------------------------------------------------------------------------

    /** A ready instance of {@code service} that advertises only its name. */
    public FakePeer fakePeer(String service) {
        return fakePeer(Map.of("name", service));
    }

    /**
     * A node that advertises {@code advertisement} (with at least a {@code name}), ready unless it says
     * {@code "ready": false}. It is never master, says hello every 100 ms, and speaks with the port and keys of the
     * first application on the network. It is there when this method returns: the network has settled.
     */
    public FakePeer fakePeer(Map<String, ?> advertisement) {
        return fakePeer(advertisement, options -> { });
    }

    /** As {@link #fakePeer(Map)}, with options of its own (keys, weight, eligibility...). */
    public FakePeer fakePeer(Map<String, ?> advertisement, Consumer<DiscoveryOptions.Builder> options) {
        DiscoveryOptions.Builder builder = DiscoveryOptions.builder().hostName("fake-peer").masterEligible(false)
                .helloInterval(Duration.ofMillis(100));
        synchronized (this) {
            if (firstOptions != null) {
                builder.port(firstOptions.port()).keys(firstOptions.keys()).encryption(firstOptions.encryption());
            }
        }
        options.accept(builder);
        FakePeer peer = new FakePeer(this, node(builder.build()), advertisement);
        synchronized (this) {
            fakePeers.add(peer);
        }
        settle();
        return peer;
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    /** Splits the network: nodes on different sides cannot hear each other until {@link #heal()}. */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public final void partition(Collection<? extends NetworkNode>... sides) {
        network.partition(Arrays.stream(sides).map(side -> side.stream().map(NetworkNode::address).toList())
                .toArray(Collection[]::new));
    }

    /** Cuts one node off from every other, until {@link #heal()}. */
    public void isolate(NetworkNode node) {
        network.isolate(node.address());
    }

    /**
     * Takes a node off the network: with a goodbye, after which the network settles so that everyone has dropped it,
     * or as a crash, silent, so that peers drop it only at its timeout.
     */
    void leave(NetworkNode node, boolean goodbye, Runnable stop) {
        if (!goodbye) {
            isolate(node);
        }
        stop.run();
        if (goodbye) {
            settle();
        }
    }

    /** Ends every partition and isolation. */
    public void heal() {
        network.heal();
    }

    // ---- time -------------------------------------------------------------------------------------------------

    /** Runs everything due within {@code duration} of virtual time, at once. Only in virtual time. */
    public void advance(Duration duration) {
        clock.advance(duration);
    }

    /**
     * Runs (virtual time) or waits (real time) until {@code condition} holds, for at most {@code limit} of the
     * network's time.
     *
     * @throws AssertionError when it does not hold by then
     */
    public void awaitUntil(BooleanSupplier condition, Duration limit) {
        if (!clock.runUntil(condition, limit)) {
            throw new AssertionError("The condition did not hold within " + limit + " of "
                    + (clock.isVirtual() ? "virtual" : "real") + " time");
        }
    }

    /** Lets every datagram in flight arrive and every event it causes be handled (20 ms of the network's time). */
    public void settle() {
        clock.settle();
    }

    /** The network's time since it was created. */
    public Duration elapsed() {
        return clock.elapsed();
    }

    // ---- end --------------------------------------------------------------------------------------------------

    /**
     * Undoes what a test did on a network it shares with later tests (a cached test context's): removes its fake
     * peers, stops the applications it started and heals partitions.
     */
    void reset() {
        List<FakePeer> peers;
        List<TestApplication> started;
        synchronized (this) {
            peers = List.copyOf(fakePeers);
            started = List.copyOf(applications);
            fakePeers.clear();
            applications.clear();
        }
        heal();
        peers.forEach(FakePeer::remove);
        started.forEach(TestApplication::stop);
        settle();
    }

    /** Stops every application and fake peer on the network, and its clock. */
    @Override
    public void close() {
        reset();
        clock.close();
    }

    @Override
    public String toString() {
        return "TestDiscoveryNetwork{" + (clock.isVirtual() ? "virtual" : "real") + " time, at " + elapsed()
                + ", nodes=" + network.startedHosts() + "}";
    }
}
