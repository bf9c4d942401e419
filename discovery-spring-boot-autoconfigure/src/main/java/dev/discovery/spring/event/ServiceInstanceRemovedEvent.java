package dev.discovery.spring.event;

import dev.discovery.Membership;
import dev.discovery.ServiceInstance;

/** An instance stopped being available: it left, timed out, renamed itself or advertised ready false. */
public class ServiceInstanceRemovedEvent extends DiscoveryApplicationEvent {

    private final ServiceInstance instance;

    public ServiceInstanceRemovedEvent(Membership source, ServiceInstance instance) {
        super(source);
        this.instance = instance;
    }

    /** The instance as it was last available. */
    public ServiceInstance getInstance() {
        return instance;
    }

    @Override
    public String toString() {
        return "ServiceInstanceRemovedEvent{instance=" + instance + "}";
    }
}
