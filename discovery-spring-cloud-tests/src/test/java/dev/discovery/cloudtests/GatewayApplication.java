package dev.discovery.cloudtests;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A Spring Cloud Gateway (server-webflux), configured by properties only. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OwnNettyResources.class)
class GatewayApplication {
}
