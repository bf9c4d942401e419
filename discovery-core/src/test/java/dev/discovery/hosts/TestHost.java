package dev.discovery.hosts;

import dev.discovery.NodeProcess;
import dev.discovery.NodeProcessMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test host: a network namespace with its own address on the test bridge, running one node JVM at a time. Its
 * weight is its number, so the heaviest host, the one the election should prefer, is known in advance.
 */
final class TestHost {

    private final int number;
    private final String namespace;
    private final String switchPort;
    /** 1 or 2 on the routed subnets, 0 on the single bridge. */
    private final int subnet;
    /** The destination guard of this host's node JVMs: loopback and the test hosts' network. */
    private final String allowedDestinations;
    private volatile String address;
    /** Every node JVM started on this host, the current one last: a restart adds one. */
    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();

    TestHost(int number, String namespace, String address, String switchPort, int subnet, String allowedDestinations) {
        this.number = number;
        this.namespace = namespace;
        this.address = address;
        this.switchPort = switchPort;
        this.subnet = subnet;
        this.allowedDestinations = allowedDestinations;
    }

    String namespace() {
        return namespace;
    }

    String address() {
        return address;
    }

    int subnet() {
        return subnet;
    }

    /** Called by {@link TestHosts#readdress} once the host's interface has the new address. */
    void readdressed(String newAddress) {
        this.address = newAddress;
    }

    /** The bridge port in the switch namespace that connects this host. */
    String switchPort() {
        return switchPort;
    }

    double weight() {
        return number;
    }

    /** Starts a node JVM in this host's namespace, sending to the test hosts' broadcast address. */
    NodeProcess startNode() {
        return startNode(TestHosts.BROADCAST);
    }

    /** Starts a node JVM in this host's namespace whose only seed is the DNS name, and no broadcast. */
    NodeProcess startSeededNode(String name) {
        return startNode(NodeProcessMain.SEEDS_PREFIX + name);
    }

    /** Starts a node JVM in this host's namespace that sends to the given destination (see NodeProcessMain). */
    NodeProcess startNode(String destination) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(TestHosts.PORT), destination, String.valueOf(weight())));
        args.addAll(ScenarioTimings.nodeArguments());
        try {
            NodeProcess node = NodeProcess.start(List.of("ip", "netns", "exec", namespace),
                    allowedDestinations, args.toArray(String[]::new));
            nodes.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a node on " + this, e);
        }
    }

    /** The node JVM started last on this host. */
    NodeProcess node() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no node was started on " + this);
        }
        return nodes.get(nodes.size() - 1);
    }

    /** Every node JVM started on this host so far, in order. */
    List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** Stops the current node gracefully (it says goodbye) and starts a new JVM in its place. */
    NodeProcess restartNode() {
        node().close();
        return startNode();
    }

    @Override
    public String toString() {
        return "host " + number + " (" + namespace + ", " + address + ")";
    }
}
