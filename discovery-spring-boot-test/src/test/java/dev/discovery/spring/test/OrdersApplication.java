package dev.discovery.spring.test;

import dev.discovery.ServiceHandle;
import dev.discovery.spring.needs.NeedsService;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * The application the kit's tests run: it offers the service {@code discovery.service.name} and needs billing
 * through a handle. Its discovery properties are the defaults, LAN broadcast included, as a user's may be.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OrdersApplication.Checkout.class)
public class OrdersApplication {

    @Component
    static class Checkout {

        final ServiceHandle billing;

        Checkout(@NeedsService("billing") ServiceHandle billing) {
            this.billing = billing;
        }
    }
}
