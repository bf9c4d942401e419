package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} over discovery. Reading the node's table never blocks, so each
 * subscription simply emits the state at that moment.
 */
public final class ReactiveServiceDiscoveryClient implements ReactiveDiscoveryClient {

    private final ServiceDiscovery services;
    private final int order;

    public ReactiveServiceDiscoveryClient(ServiceDiscovery services, int order) {
        this.services = services;
        this.order = order;
    }

    @Override
    public String description() {
        return ServiceDiscoveryClient.DESCRIPTION;
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.defer(() -> Flux.fromIterable(DiscoveredInstance.available(services, serviceId)));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.defer(() -> Flux.fromIterable(services.services().keySet()));
    }

    @Override
    public int getOrder() {
        return order;
    }
}
