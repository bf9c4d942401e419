package dev.discovery.spring.actuate;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryStats;
import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceInstance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/discovery}: what this node knows (GET), and promoting or demoting it (POST
 * {@code /actuator/discovery/promote}, {@code /demote}, {@code /demote-permanently}). The write operations change the cluster,
 * so they are off until {@code management.endpoint.discovery.access=unrestricted}.
 */
@Endpoint(id = "discovery", defaultAccess = Access.READ_ONLY)
public class DiscoveryEndpoint {

    private final ServiceDiscovery services;

    public DiscoveryEndpoint(ServiceDiscovery services) {
        this.services = services;
    }

    @ReadOperation
    public DiscoveryDescriptor discovery() {
        Discovery discovery = services.discovery();
        return new DiscoveryDescriptor(discovery.isRunning(), discovery.failure().map(Throwable::toString).orElse(null),
                discovery.self(), discovery.nodes(),
                discovery.masters().stream().map(Node::id).toList(), services.needs(), services.missing(),
                services.services(), discovery.channels(), discovery.stats());
    }

    /**
     * Changes this node's role: {@code promote} makes it master now; {@code demote} steps it down (the election may
     * promote it again); {@code demote-permanently} steps it down and makes it ineligible until promoted again. No
     * request body, so that a plain {@code curl -X POST} works.
     *
     * @return this node after the change
     */
    @WriteOperation
    public Node role(@Selector String change) {
        Discovery discovery = services.discovery();
        if ("promote".equals(change)) {
            if (!discovery.promote()) {
                throw new InvalidEndpointRequestException("This node is a client and is never master",
                        "discovery.client is true");
            }
        } else if ("demote".equals(change) || "demote-permanently".equals(change)) {
            discovery.demote("demote-permanently".equals(change));
        } else {
            throw new InvalidEndpointRequestException("Unknown change '" + change
                    + "': use promote, demote or demote-permanently", "unknown change " + change);
        }
        return discovery.self();
    }

    /**
     * What {@code GET /actuator/discovery} answers.
     *
     * @param running  whether the node is running
     * @param failure  why the node stopped on its own (its receive path or a timer died), or null
     * @param self     this node
     * @param nodes    every other node alive
     * @param masters  the ids of every master known, this node's included when it is one
     * @param needs    the needed services
     * @param missing  the needed services without an available instance
     * @param services the available instances by service name
     * @param channels the joined channels
     * @param packets  packet counters: received, sent, send failures, dropped by reason, and the datagrams the
     *                 operating system dropped for the node's socket ({@code kernelDrops}, Linux)
     */
    public record DiscoveryDescriptor(boolean running, @Nullable String failure, Node self, List<Node> nodes, List<String> masters,
            Set<String> needs, Set<String> missing, Map<String, List<ServiceInstance>> services, List<String> channels,
            DiscoveryStats packets) {
    }
}
