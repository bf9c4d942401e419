package dev.discovery.spring.test;

import dev.discovery.Discovery;
import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceInstance;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one discovery node, as it sees the network now: {@code assertThat(orders).isMaster().isReady()}.
 * Start with {@link DiscoveryAssertions}. In real time the state changes as datagrams arrive: wait for it first with
 * {@link TestDiscoveryNetwork#awaitUntil} or Awaitility.
 */
public final class NodeAssert extends AbstractAssert<NodeAssert, Discovery> {

    private final @Nullable ServiceDiscovery services;
    private final String name;

    NodeAssert(Discovery discovery, @Nullable ServiceDiscovery services, String name) {
        super(discovery, NodeAssert.class);
        this.services = services;
        this.name = name;
    }

    /** This node is master. */
    public NodeAssert isMaster() {
        isNotNull();
        if (!actual.isMaster()) {
            failWithMessage("Expected %s to be master, but it is not; the masters it knows: %s", name, masters());
        }
        return this;
    }

    public NodeAssert isNotMaster() {
        isNotNull();
        if (actual.isMaster()) {
            failWithMessage("Expected %s not to be master, but it is", name);
        }
        return this;
    }

    /** Every service this node needs has an available instance. */
    public NodeAssert isReady() {
        ServiceDiscovery services = services();
        if (!services.isReady()) {
            failWithMessage("Expected %s to be ready, but it misses %s (it needs %s)%s", name, services.missing(),
                    services.needs(), actual.isRunning() ? "" : "; its node is not running");
        }
        return this;
    }

    /** A needed service has no available instance. */
    public NodeAssert isNotReady() {
        ServiceDiscovery services = services();
        if (services.isReady()) {
            failWithMessage("Expected %s not to be ready, but every service it needs is available: %s", name,
                    services.needs());
        }
        return this;
    }

    /** At least one instance of {@code service} is available to this node. */
    public NodeAssert hasAvailable(String service) {
        if (services().instances(service).isEmpty()) {
            failWithMessage("Expected %s to have an available instance of '%s', but it has none; available: %s", name,
                    service, services().services().keySet());
        }
        return this;
    }

    /** Exactly {@code count} instances of {@code service} are available to this node. */
    public NodeAssert hasAvailable(String service, int count) {
        List<ServiceInstance> instances = services().instances(service);
        if (instances.size() != count) {
            failWithMessage("Expected %s to have %s available instances of '%s', but it has %s: %s", name, count,
                    service, instances.size(), instances);
        }
        return this;
    }

    public NodeAssert hasNoAvailable(String service) {
        List<ServiceInstance> instances = services().instances(service);
        if (!instances.isEmpty()) {
            failWithMessage("Expected %s to have no available instance of '%s', but it has %s", name, service,
                    instances);
        }
        return this;
    }

    /** This node knows (has heard from) each of {@code others}. */
    public NodeAssert knows(NetworkNode... others) {
        isNotNull();
        for (NetworkNode other : others) {
            if (actual.node(other.discovery().id()).isEmpty()) {
                failWithMessage("Expected %s to know %s, but it knows only %s", name, other, known());
            }
        }
        return this;
    }

    /** This node knows exactly {@code count} other nodes. */
    public NodeAssert knowsNodes(int count) {
        isNotNull();
        if (actual.nodes().size() != count) {
            failWithMessage("Expected %s to know %s other nodes, but it knows %s: %s", name, count,
                    actual.nodes().size(), known());
        }
        return this;
    }

    private ServiceDiscovery services() {
        isNotNull();
        if (services == null) {
            failWithMessage("%s has no ServiceDiscovery to ask about services and readiness", name);
        }
        return services;
    }

    private List<String> masters() {
        return actual.masters().stream().map(NodeAssert::describe).toList();
    }

    private List<String> known() {
        return actual.nodes().stream().map(NodeAssert::describe).toList();
    }

    private static String describe(Node node) {
        Object service = node.advertisementMap().get("name");
        return node.address() + (service == null ? "" : " (" + service + ")");
    }
}
