package dev.discovery.spring;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import dev.discovery.spring.event.DataErrorEvent;
import dev.discovery.spring.event.DemotedEvent;
import dev.discovery.spring.event.MasterChangedEvent;
import dev.discovery.spring.event.NodeAddedEvent;
import dev.discovery.spring.event.NodeRemovedEvent;
import dev.discovery.spring.event.NodeUpdatedEvent;
import dev.discovery.spring.event.PromotedEvent;
import dev.discovery.spring.event.ServiceInstanceAddedEvent;
import dev.discovery.spring.event.ServiceInstanceRemovedEvent;
import dev.discovery.spring.event.ServiceInstanceUpdatedEvent;
import dev.discovery.spring.event.ServiceNotReadyEvent;
import dev.discovery.spring.event.ServiceReadyEvent;
import dev.discovery.spring.event.ServiceSetupFailedEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the core's discovery and service events as application events. It runs on the node's event thread, so the
 * application events keep the core's order. Besides one event per core event, it derives {@link MasterChangedEvent}
 * from the several core events that change who is master, so that listeners need not combine them.
 */
final class DiscoveryEventPublisher {

    private final Discovery discovery;
    private final ApplicationEventPublisher publisher;

    DiscoveryEventPublisher(ServiceDiscovery services, ApplicationEventPublisher publisher) {
        this.discovery = services.discovery();
        this.publisher = publisher;
        discovery.addListener(this::onDiscoveryEvent);
        services.addListener(this::onServiceEvent);
    }

    private void onDiscoveryEvent(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            publisher.publishEvent(new NodeAddedEvent(discovery, e.node()));
        } else if (event instanceof DiscoveryEvent.NodeUpdated e) {
            publisher.publishEvent(new NodeUpdatedEvent(discovery, e.previous(), e.node()));
            if (e.previous().master() && !e.node().master()) {
                masterChanged(e.node(), false);
            }
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            publisher.publishEvent(new NodeRemovedEvent(discovery, e.node(), e.reason()));
            if (e.node().master()) {
                masterChanged(e.node(), false);
            }
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            masterChanged(e.node(), true);
        } else if (event instanceof DiscoveryEvent.Promoted e) {
            publisher.publishEvent(new PromotedEvent(discovery, e.self()));
            masterChanged(e.self(), true);
        } else if (event instanceof DiscoveryEvent.Demoted e) {
            publisher.publishEvent(new DemotedEvent(discovery, e.self()));
            masterChanged(e.self(), false);
        } else if (event instanceof DiscoveryEvent.DataError e) {
            publisher.publishEvent(new DataErrorEvent(discovery, e.reason(), e.source(), e.detail()));
        }
    }

    private void masterChanged(Node node, boolean master) {
        publisher.publishEvent(new MasterChangedEvent(discovery, node, master, discovery.masters()));
    }

    private void onServiceEvent(ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded e) {
            publisher.publishEvent(new ServiceInstanceAddedEvent(discovery, e.instance()));
        } else if (event instanceof ServiceEvent.InstanceUpdated e) {
            publisher.publishEvent(new ServiceInstanceUpdatedEvent(discovery, e.previous(), e.instance()));
        } else if (event instanceof ServiceEvent.InstanceRemoved e) {
            publisher.publishEvent(new ServiceInstanceRemovedEvent(discovery, e.instance()));
        } else if (event instanceof ServiceEvent.Ready e) {
            publisher.publishEvent(new ServiceReadyEvent(discovery, e.services()));
        } else if (event instanceof ServiceEvent.NotReady e) {
            publisher.publishEvent(new ServiceNotReadyEvent(discovery, e.missing()));
        } else if (event instanceof ServiceEvent.SetupFailed e) {
            publisher.publishEvent(new ServiceSetupFailedEvent(discovery, e.instance(), e.cause(), e.attempt(),
                    e.retryIn()));
        }
    }
}
