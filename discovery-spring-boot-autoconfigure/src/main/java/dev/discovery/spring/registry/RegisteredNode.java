package dev.discovery.spring.registry;

import dev.discovery.Node;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.cloud.client.ServiceInstance;

/** A Spring Cloud service instance seen as a node that advertises its service, as a UDP peer would. */
final class RegisteredNode {

    private RegisteredNode() {
    }

    static Node of(String serviceId, ServiceInstance instance, Instant seen) {
        Map<String, Object> advertisement = new LinkedHashMap<>(instance.getMetadata());
        // Metadata is text; "ready" is the one flag ServiceDiscovery reads, as a boolean.
        if (advertisement.get("ready") instanceof String ready && ready.equalsIgnoreCase("false")) {
            advertisement.put("ready", Boolean.FALSE);
        }
        advertisement.put("name", serviceId);
        advertisement.put("host", instance.getHost());
        advertisement.put("port", instance.getPort());
        if (instance.isSecure()) {
            advertisement.put("secure", true);
        }
        String id = instance.getInstanceId() != null ? instance.getInstanceId()
                : serviceId + "@" + instance.getHost() + ":" + instance.getPort();
        return new Node(id, instance.getHost(), instance.getHost(), instance.getPort(), false, false, 0,
                Collections.unmodifiableMap(advertisement), seen, "");
    }
}
