package dev.discovery.spring.test.slice;

import dev.discovery.ServiceHandle;
import dev.discovery.ServiceInstance;
import dev.discovery.spring.needs.NeedsService;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A web application whose controller needs a service, for a test slice. */
@SpringBootApplication
public class PartnerApplication {

    @RestController
    static class PartnerController {

        private final ServiceHandle billing;

        PartnerController(@NeedsService("billing") ServiceHandle billing) {
            this.billing = billing;
        }

        @GetMapping("/billing")
        ResponseEntity<ServiceInstance> billing() {
            return billing.choose().map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.status(503).build());
        }
    }
}
