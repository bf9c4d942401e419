package dev.discovery.spring.actuate;

import dev.discovery.Discovery;
import dev.discovery.MasterWork;
import dev.discovery.Membership;
import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code discovery} health, on either backend: DOWN while the node (or the registry membership) is not running (with the {@code failure} when it stopped on its own,
 * its receive path or a timer having died), OUT_OF_SERVICE (with the missing services) while a needed service has no
 * available instance, UP otherwise. {@code kernelDrops} tells how many datagrams the operating system dropped for the
 * node's socket (Linux): when it grows, peers may be removed for hellos the node never got. {@code service} is the name
 * the node advertises, or says that it advertises none, so that callers cannot find it. {@code master} is the
 * cluster-wide master of node-discover's model; {@code leader} and {@code leadTerm} tell whether this instance leads
 * its service's master-only work, and {@code quorum} (with {@code discovery.quorum.minimum-size}) whether it hears
 * enough instances of its service to lead or own keys at all.
 */
final class DiscoveryHealthIndicator extends AbstractHealthIndicator {

    private final ServiceDiscovery services;
    private final ObjectProvider<MasterWork> work;

    DiscoveryHealthIndicator(ServiceDiscovery services, ObjectProvider<MasterWork> work) {
        super("Discovery health check failed");
        this.services = services;
        this.work = work;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Membership membership = services.membership();
        builder.withDetail("nodeId", membership.id())
                .withDetail("master", membership.isMaster())
                .withDetail("masters", membership.masters().stream().map(Node::id).toList())
                .withDetail("nodes", membership.nodes().size() + 1) // this node included
                .withDetail("service", membership.self().advertisementMap().get("name") instanceof String name
                        ? name : "none: set spring.application.name or discovery.service.name");
        Discovery discovery = membership instanceof Discovery udp ? udp : null; // null on the registry backend
        if (discovery != null) {
            discovery.stats().kernelDrops().ifPresent(drops -> builder.withDetail("kernelDrops", drops));
        }
        MasterWork lead = work.getIfUnique();
        if (lead != null) {
            builder.withDetail("leader", lead.isLeader()).withDetail("leadTerm", lead.term());
            if (discovery != null && discovery.options().quorum()) {
                builder.withDetail("quorum", lead.hasQuorum());
            }
        }
        if (!membership.isRunning()) {
            builder.down();
            if (discovery != null) {
                discovery.failure().ifPresent(failure -> builder.withDetail("failure", failure.toString()));
            }
        } else if (!services.isReady()) {
            builder.outOfService().withDetail("missing", services.missing());
        } else {
            builder.up();
        }
    }
}
