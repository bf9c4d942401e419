package dev.discovery.sample;

import dev.discovery.ServiceHandle;
import dev.discovery.ServiceInstance;
import dev.discovery.spring.needs.NeedsService;
import dev.discovery.spring.needs.ServiceSetup;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The partner service ({@code sample.partner}): {@code GET /partner} answers with the instance this copy would call
 * now, or 503 while there is none; {@code GET /partner/hello} calls the partner by name through a
 * {@code @LoadBalanced} RestClient (Spring Cloud LoadBalancer, its instances from discovery).
 */
@RestController
class Partner {

    private static final Logger log = LoggerFactory.getLogger(Partner.class);

    private final ServiceHandle partner;
    private final RestClient http;

    Partner(@NeedsService("${sample.partner}") ServiceHandle partner, @LoadBalanced RestClient.Builder http) {
        this.partner = partner;
        this.http = http.baseUrl("http://" + partner.name()).build();
    }

    @GetMapping("/partner/hello")
    Map<String, Object> hello() {
        return http.get().uri("/hello").retrieve().body(new ParameterizedTypeReference<>() { });
    }

    @GetMapping("/partner")
    ResponseEntity<ServiceInstance> partner() {
        return partner.choose().map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build());
    }

    @GetMapping("/partner/instances")
    List<ServiceInstance> instances() {
        return partner.instances();
    }

    /** A real service would open a connection pool here; the instance counts as available when this returns. */
    @ServiceSetup("${sample.partner}")
    void prepare(ServiceInstance instance) {
        log.info("Found {} at {}:{}", instance.name(), instance.host(), instance.port().orElse(-1));
    }
}
