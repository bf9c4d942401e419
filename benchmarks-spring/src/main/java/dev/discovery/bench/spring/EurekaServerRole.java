package dev.discovery.bench.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;
import org.springframework.context.annotation.Configuration;

/** The registry of the Eureka runs, in a JVM of its own. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bench.role", havingValue = "eureka")
@EnableEurekaServer
class EurekaServerRole {
}
