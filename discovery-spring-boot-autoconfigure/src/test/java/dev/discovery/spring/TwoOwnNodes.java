package dev.discovery.spring;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** An application with two nodes of its own, {@code firstNode} and {@code secondNode}, on the test's loopback port. */
@Configuration(proxyBeanMethods = false)
public class TwoOwnNodes {

    @Bean
    ServiceDiscovery firstNode(Environment environment) {
        return node(environment);
    }

    @Bean
    ServiceDiscovery secondNode(Environment environment) {
        return node(environment);
    }

    private static ServiceDiscovery node(Environment environment) {
        return new ServiceDiscovery(new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255")
                .port(environment.getRequiredProperty("discovery.port", Integer.class))
                .helloInterval(Duration.ofMillis(200)).checkInterval(Duration.ofMillis(500))
                .nodeTimeout(Duration.ofMillis(1500)).build()));
    }
}
