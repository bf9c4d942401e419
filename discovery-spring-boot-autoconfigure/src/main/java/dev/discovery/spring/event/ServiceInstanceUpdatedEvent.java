package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.ServiceInstance;

/** An available instance advertised new information. */
public class ServiceInstanceUpdatedEvent extends DiscoveryApplicationEvent {

    private final ServiceInstance previous;
    private final ServiceInstance instance;

    public ServiceInstanceUpdatedEvent(Membership source, ServiceInstance previous, ServiceInstance instance) {
        super(source);
        this.previous = previous;
        this.instance = instance;
    }

    /** The instance as it was. */
    public ServiceInstance getPrevious() {
        return previous;
    }

    /** The instance as it is now. */
    public ServiceInstance getInstance() {
        return instance;
    }

    @Override
    public String toString() {
        return "ServiceInstanceUpdatedEvent{previous=" + previous + ", instance=" + instance + "}";
    }
}
