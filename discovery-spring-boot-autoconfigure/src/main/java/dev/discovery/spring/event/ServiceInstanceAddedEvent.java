package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.ServiceInstance;

/** An instance of a service became available. */
public class ServiceInstanceAddedEvent extends DiscoveryApplicationEvent {

    private final ServiceInstance instance;

    public ServiceInstanceAddedEvent(Membership source, ServiceInstance instance) {
        super(source);
        this.instance = instance;
    }

    /** The instance. */
    public ServiceInstance getInstance() {
        return instance;
    }

    @Override
    public String toString() {
        return "ServiceInstanceAddedEvent{instance=" + instance + "}";
    }
}
