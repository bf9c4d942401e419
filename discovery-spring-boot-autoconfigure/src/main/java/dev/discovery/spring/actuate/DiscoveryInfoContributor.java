package dev.discovery.spring.actuate;

import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds the local node to {@code /actuator/info}: its id, host name, whether it is master and what it advertises. */
final class DiscoveryInfoContributor implements InfoContributor {

    private final ServiceDiscovery services;

    DiscoveryInfoContributor(ServiceDiscovery services) {
        this.services = services;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Node self = services.discovery().self();
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", self.id());
        node.put("hostName", self.hostName());
        node.put("master", self.master());
        node.put("advertisement", self.advertisement());
        builder.withDetail("discovery", node);
    }
}
