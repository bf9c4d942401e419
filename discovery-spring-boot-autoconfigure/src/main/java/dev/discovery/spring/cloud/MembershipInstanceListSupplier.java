package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import dev.discovery.ServiceInstance;
import dev.discovery.ServiceListener;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The instances of one service for Spring Cloud LoadBalancer, following membership: the list changes the moment an
 * instance becomes available or stops being available (goodbye, timeout, {@code ready: false}, a failed setup), with no
 * time-based cache in between. A subscriber gets the current list at once, then every change.
 */
final class MembershipInstanceListSupplier implements ServiceInstanceListSupplier, DisposableBean {

    private final ServiceDiscovery services;
    private final String serviceId;
    private final Sinks.Many<List<org.springframework.cloud.client.ServiceInstance>> lists =
            Sinks.many().replay().latest();
    private final ServiceListener listener = this::onServiceEvent;
    private final @Nullable UnreachableInstances unreachable;
    private final Runnable exclusionsChanged = this::refresh;

    /** {@code unreachable}: instances this application's calls could not reach, left out; none with a registry. */
    MembershipInstanceListSupplier(ServiceDiscovery services, String serviceId,
            @Nullable UnreachableInstances unreachable) {
        this.services = services;
        this.serviceId = serviceId;
        this.unreachable = unreachable;
        services.addListener(listener);
        if (unreachable != null) {
            unreachable.onChange(exclusionsChanged);
        }
        refresh(); // after subscribing: a change in between is then published by the listener
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<org.springframework.cloud.client.ServiceInstance>> get() {
        return lists.asFlux();
    }

    @Override
    public void destroy() {
        services.removeListener(listener);
        if (unreachable != null) {
            unreachable.removeOnChange(exclusionsChanged);
        }
        lists.tryEmitComplete();
    }

    private void onServiceEvent(ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded e) {
            refreshIfMine(e.instance());
        } else if (event instanceof ServiceEvent.InstanceUpdated e) {
            refreshIfMine(e.instance());
        } else if (event instanceof ServiceEvent.InstanceRemoved e) {
            refreshIfMine(e.instance());
        }
    }

    private void refreshIfMine(ServiceInstance changed) {
        if (changed.name().equals(serviceId)) {
            refresh();
        }
    }

    /** Publishes the list as it is now; synchronized so that the last list published is always the newest. */
    private synchronized void refresh() {
        List<org.springframework.cloud.client.ServiceInstance> available = DiscoveredInstance.available(services, serviceId);
        if (unreachable != null) {
            List<org.springframework.cloud.client.ServiceInstance> reachable = available.stream()
                    .filter(i -> !unreachable.isExcluded(i.getInstanceId())).toList();
            if (!reachable.isEmpty()) { // with every instance excluded, trying one beats failing every call at once
                available = reachable;
            }
        }
        lists.tryEmitNext(available);
    }
}
