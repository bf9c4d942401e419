package dev.discovery.cloudtests;

import dev.discovery.Discovery;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service instance that answers {@code GET /whoami} with its instance id. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({CalleeApplication.WhoAmI.class, OwnNettyResources.class})
class CalleeApplication {

    @RestController
    static class WhoAmI {

        private final Discovery discovery;

        WhoAmI(Discovery discovery) {
            this.discovery = discovery;
        }

        @GetMapping("/whoami")
        String whoami() {
            return discovery.id();
        }
    }
}
