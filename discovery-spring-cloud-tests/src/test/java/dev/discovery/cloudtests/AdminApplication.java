package dev.discovery.cloudtests;

import de.codecentric.boot.admin.server.config.EnableAdminServer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A Spring Boot Admin server that finds the instances it monitors through the DiscoveryClient. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAdminServer
@Import(OwnNettyResources.class)
class AdminApplication {
}
