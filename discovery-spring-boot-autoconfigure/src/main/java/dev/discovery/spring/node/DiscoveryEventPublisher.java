package dev.discovery.spring.node;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.Membership;
import dev.discovery.DiscoveryEvent;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.event.ChannelMessageEvent;
import dev.discovery.spring.event.DataErrorEvent;
import dev.discovery.spring.event.DemotedEvent;
import dev.discovery.spring.event.DiscoveryApplicationEvent;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the core's discovery, service and channel events as application events, one for each. It runs on the
 * node's event thread, so the application events keep the core's order. The starter creates one for every
 * {@link ServiceDiscovery} bean unless {@code discovery.events.enabled=false}; a bean of your own replaces it, for
 * example a subclass whose {@link #publish} filters. The messages of {@link ChannelListener} channels reach whichever
 * publisher there is; {@code discovery.channels} is joined for the starter's own.
 */
public class DiscoveryEventPublisher {

    private final ApplicationEventPublisher publisher;
    private final Map<Discovery, Set<String>> channelsPublished = new ConcurrentHashMap<>();

    /** Publishes the events of these nodes and of their services from now on. */
    public DiscoveryEventPublisher(ApplicationEventPublisher publisher, List<ServiceDiscovery> nodes) {
        this.publisher = publisher;
        for (ServiceDiscovery services : nodes) {
            Membership discovery = services.membership();
            discovery.addListener(event -> onDiscoveryEvent(discovery, event));
            services.addListener(event -> onServiceEvent(discovery, event));
        }
    }

    /**
     * Publishes every message of a channel as a {@link ChannelMessageEvent}, joining the channel; once per node and
     * channel, however often it is called.
     *
     * @throws IllegalArgumentException when the name is reserved by the protocol
     */
    public void publishMessagesOf(Discovery discovery, String channel) {
        if (channelsPublished.computeIfAbsent(discovery, d -> ConcurrentHashMap.newKeySet()).add(channel)) {
            discovery.subscribe(channel, message -> onMessage(discovery, message));
        }
    }

    /** Hands an event to the application context; override to filter or reroute. */
    protected void publish(DiscoveryApplicationEvent event) {
        publisher.publishEvent(event);
    }

    private void onMessage(Discovery discovery, ChannelMessage message) {
        publish(new ChannelMessageEvent(discovery, message));
    }

    private void onDiscoveryEvent(Membership discovery, DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            publish(new NodeAddedEvent(discovery, e.node()));
        } else if (event instanceof DiscoveryEvent.NodeUpdated e) {
            publish(new NodeUpdatedEvent(discovery, e.previous(), e.node()));
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            publish(new NodeRemovedEvent(discovery, e.node(), e.reason()));
        } else if (event instanceof DiscoveryEvent.Promoted e) {
            publish(new PromotedEvent(discovery, e.self()));
        } else if (event instanceof DiscoveryEvent.Demoted e) {
            publish(new DemotedEvent(discovery, e.self()));
        } else if (event instanceof DiscoveryEvent.MasterChanged e) {
            publish(new MasterChangedEvent(discovery, e.node(), e.master(), e.masters()));
        } else if (event instanceof DiscoveryEvent.DataError e) {
            publish(new DataErrorEvent(discovery, e.reason(), e.source(), e.detail()));
        }
        // MasterElected has no event of its own here: the MasterChanged right after it tells the same.
    }

    private void onServiceEvent(Membership discovery, ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded e) {
            publish(new ServiceInstanceAddedEvent(discovery, e.instance()));
        } else if (event instanceof ServiceEvent.InstanceUpdated e) {
            publish(new ServiceInstanceUpdatedEvent(discovery, e.previous(), e.instance()));
        } else if (event instanceof ServiceEvent.InstanceRemoved e) {
            publish(new ServiceInstanceRemovedEvent(discovery, e.instance()));
        } else if (event instanceof ServiceEvent.Ready e) {
            publish(new ServiceReadyEvent(discovery, e.services()));
        } else if (event instanceof ServiceEvent.NotReady e) {
            publish(new ServiceNotReadyEvent(discovery, e.missing()));
        } else if (event instanceof ServiceEvent.SetupFailed e) {
            publish(new ServiceSetupFailedEvent(discovery, e.instance(), e.cause(), e.attempt(), e.retryIn()));
        }
    }
}
