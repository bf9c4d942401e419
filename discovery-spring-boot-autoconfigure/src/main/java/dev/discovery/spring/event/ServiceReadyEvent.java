package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.ServiceInstance;
import java.util.List;
import java.util.Map;

/** Every needed service has an available instance (also published at start when nothing is needed). */
public class ServiceReadyEvent extends DiscoveryApplicationEvent {

    private final Map<String, List<ServiceInstance>> services;

    public ServiceReadyEvent(Membership source, Map<String, List<ServiceInstance>> services) {
        super(source);
        this.services = services;
    }

    /** The available instances by service name. */
    public Map<String, List<ServiceInstance>> getServices() {
        return services;
    }

    @Override
    public String toString() {
        return "ServiceReadyEvent{services=" + services + "}";
    }
}
