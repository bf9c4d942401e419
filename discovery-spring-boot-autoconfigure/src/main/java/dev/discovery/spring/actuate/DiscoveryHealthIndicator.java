package dev.discovery.spring.actuate;

import dev.discovery.Discovery;
import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code discovery} health: DOWN while the node is not running, OUT_OF_SERVICE (with the missing services) while a
 * needed service has no available instance, UP otherwise.
 */
final class DiscoveryHealthIndicator extends AbstractHealthIndicator {

    private final ServiceDiscovery services;

    DiscoveryHealthIndicator(ServiceDiscovery services) {
        super("Discovery health check failed");
        this.services = services;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Discovery discovery = services.discovery();
        builder.withDetail("nodeId", discovery.id())
                .withDetail("master", discovery.isMaster())
                .withDetail("masters", discovery.masters().stream().map(Node::id).toList())
                .withDetail("nodes", discovery.nodes().size() + 1); // this node included
        if (!discovery.isRunning()) {
            builder.down();
        } else if (!services.isReady()) {
            builder.outOfService().withDetail("missing", services.missing());
        } else {
            builder.up();
        }
    }
}
