package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Spring Cloud's {@link DiscoveryClient} over discovery: it answers from the node's table, which follows membership
 * as it changes, so there is no registry to fetch from and nothing to cache. Lists only available instances: alive,
 * not advertising {@code ready: false}, their setup hooks done.
 */
public final class ServiceDiscoveryClient implements DiscoveryClient {

    static final String DESCRIPTION = "discovery: serverless service discovery over UDP";

    private final ServiceDiscovery services;
    private final int order;

    public ServiceDiscoveryClient(ServiceDiscovery services, int order) {
        this.services = services;
        this.order = order;
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceId) {
        return DiscoveredInstance.available(services, serviceId);
    }

    @Override
    public List<String> getServices() {
        return List.copyOf(services.services().keySet());
    }

    @Override
    public int getOrder() {
        return order;
    }
}
