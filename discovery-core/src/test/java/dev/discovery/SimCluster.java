package dev.discovery;

import dev.discovery.testing.InMemoryDns;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Nodes of the real engine on an in-memory network and a virtual clock, with every event recorded. */
final class SimCluster {

    /**
     * The in-memory subnet's broadcast address: like every broadcast on the in-memory network (where the nodes keep
     * the options' default), it reaches every host. Tests name it rather than the LAN's limited broadcast.
     */
    static final InetSocketAddress BROADCAST = new InetSocketAddress("10.0.0.255", InMemoryNetwork.PORT);

    final VirtualScheduler scheduler = new VirtualScheduler();
    final InMemoryNetwork network;
    /** The DNS of nodes with seeds; empty until a test sets names. */
    final InMemoryDns dns = new InMemoryDns();
    final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final DiscoveryOptions base;

    SimCluster(long seed) {
        this(seed, b -> b);
    }

    SimCluster(long seed, UnaryOperator<DiscoveryOptions.Builder> options) {
        this.network = new InMemoryNetwork(scheduler, seed);
        this.base = options.apply(DiscoveryOptions.builder().hostName("sim")).build();
    }

    /** Adds a node at 10.0.0.{n}, with id node-{nn} so ids sort like their numbers. */
    SimNode add(int n, Consumer<DiscoveryOptions.Builder> tweak) {
        DiscoveryOptions.Builder b = base.toBuilder();
        tweak.accept(b);
        String address = "10.0." + (n / 250) + "." + (n % 250 + 1);
        String id = String.format("node-%04d", n);
        SimNode node = new SimNode(id, address, new Discovery(b.build(), network.transport(address), scheduler, dns, id));
        nodes.put(id, node);
        return node;
    }

    SimNode add(int n) {
        return add(n, b -> { });
    }

    List<SimNode> addMany(int count) {
        List<SimNode> added = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            added.add(add(i));
        }
        return added;
    }

    void startAll() {
        nodes.values().forEach(n -> n.discovery.start());
    }

    void run(Duration duration) {
        scheduler.runFor(duration);
    }

    List<SimNode> running() {
        return nodes.values().stream().filter(n -> n.discovery.isRunning()).toList();
    }

    /** The masters each running node believes in (itself included), by node id. */
    Map<String, Set<String>> mastersSeen() {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (SimNode n : running()) {
            seen.put(n.id, n.discovery.masters().stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new)));
        }
        return seen;
    }

    /** The nodes that are master right now. */
    Set<String> actualMasters() {
        return running().stream().filter(n -> n.discovery.isMaster()).map(n -> n.id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static final class SimNode {
        final String id;
        final String address;
        final Discovery discovery;
        final List<DiscoveryEvent> events = new CopyOnWriteArrayList<>();

        SimNode(String id, String address, Discovery discovery) {
            this.id = id;
            this.address = address;
            this.discovery = discovery;
            discovery.addListener(events::add);
        }

        Set<String> peerIds() {
            return discovery.nodes().stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
        }

        <T extends DiscoveryEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
