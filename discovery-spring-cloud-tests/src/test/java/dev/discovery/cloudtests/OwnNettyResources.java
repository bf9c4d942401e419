package dev.discovery.cloudtests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Netty event loops of the application's own. The tests run several applications in one JVM, and Boot's default
 * (Reactor Netty's global resources) would let the first application that closes stop every other one's Netty server
 * and clients; in production each application is a JVM of its own.
 */
@Configuration(proxyBeanMethods = false)
class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
