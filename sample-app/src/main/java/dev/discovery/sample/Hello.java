package dev.discovery.sample;

import dev.discovery.Discovery;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /hello}: which service and which instance answered, for the partner's calls to show. */
@RestController
class Hello {

    record Greeting(String service, String node) {
    }

    private final Greeting greeting;

    Hello(Discovery discovery, @Value("${discovery.service.name}") String service) {
        this.greeting = new Greeting(service, discovery.id());
    }

    @GetMapping("/hello")
    Greeting hello() {
        return greeting;
    }
}
