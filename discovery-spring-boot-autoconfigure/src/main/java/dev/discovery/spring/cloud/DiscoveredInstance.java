package dev.discovery.spring.cloud;

import dev.discovery.ServiceDiscovery;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.cloud.client.ServiceInstance;

/**
 * An available instance of a discovered service, as Spring Cloud sees one. The instance id is the node's id; the
 * metadata are the advertised fields other than name, host and port, as strings ({@code zone}, {@code version},
 * {@code management.port}...). An instance that advertises no port is reached on its scheme's default port.
 *
 * @param instanceId the id of the node that offers the instance
 * @param serviceId  the service name
 * @param host       the advertised host, else the address the node's datagrams come from
 * @param port       the advertised port, else 443 or 80
 * @param secure     whether it advertises {@code secure: true} or {@code scheme: https}
 * @param metadata   the other advertised fields
 */
public record DiscoveredInstance(String instanceId, String serviceId, String host, int port, boolean secure,
        Map<String, String> metadata) implements ServiceInstance {

    private static final Set<String> OWN_PROPERTIES = Set.of("name", "host", "port");

    public DiscoveredInstance {
        metadata = Map.copyOf(metadata);
    }

    /** Spring Cloud's view of one instance found by discovery. */
    public static DiscoveredInstance of(dev.discovery.ServiceInstance instance) {
        Map<String, Object> info = instance.info();
        boolean secure = Boolean.TRUE.equals(info.get("secure")) || "https".equals(info.get("scheme"));
        Map<String, String> metadata = new LinkedHashMap<>();
        info.forEach((key, value) -> {
            if (!OWN_PROPERTIES.contains(key) && value != null) {
                metadata.put(key, String.valueOf(value));
            }
        });
        return new DiscoveredInstance(instance.nodeId(), instance.name(), instance.host(),
                instance.port().orElse(secure ? 443 : 80), secure, metadata);
    }

    /** The available instances of a service now. */
    static List<ServiceInstance> available(ServiceDiscovery services, String serviceId) {
        return services.instances(serviceId).stream().<ServiceInstance>map(DiscoveredInstance::of).toList();
    }

    @Override
    public String getInstanceId() {
        return instanceId;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public URI getUri() {
        return ServiceInstance.createUri(this);
    }

    @Override
    public Map<String, String> getMetadata() {
        return metadata;
    }

    @Override
    public String getScheme() {
        return secure ? "https" : "http";
    }
}
