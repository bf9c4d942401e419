package dev.discovery.spring.registry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The registry backend ({@code discovery.backend=registry}). */
@ConfigurationProperties("discovery.registry")
public class RegistryProperties {

    /**
     * How often the registry is read when it tells of no change. Registries that push (ZooKeeper watches, Consul
     * blocking queries) announce changes with a HeartbeatEvent at once; this only bounds the delay of those that
     * cannot and of a missed event.
     */
    private Duration pollInterval = Duration.ofSeconds(30);

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }
}
