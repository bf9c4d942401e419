package dev.discovery.spring;

import dev.discovery.ServiceDiscovery;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;

/** One {@link ServiceHandle} per needed service name, shared by every injection point that names it. */
final class ServiceHandles {

    private final ObjectProvider<ServiceDiscovery> services;
    private final Map<String, ServiceHandle> handles = new ConcurrentHashMap<>();

    ServiceHandles(ObjectProvider<ServiceDiscovery> services) {
        this.services = services;
    }

    /** The handle on the service, which becomes needed. */
    ServiceHandle handle(String name) {
        return handles.computeIfAbsent(name, n -> {
            ServiceDiscovery discovery = services.getObject();
            discovery.need(n);
            return new ServiceHandle(n, discovery);
        });
    }
}
