package dev.discovery.cloudtests;

import dev.discovery.Discovery;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.SpringApplication;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service instance that answers {@code GET /whoami} and {@code POST /whoami} with its instance id. Run by itself
 * ({@link #main}) it is an instance in a JVM of its own, which a test can kill.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({CalleeApplication.WhoAmI.class, OwnNettyResources.class})
public class CalleeApplication {

    public static void main(String[] args) {
        SpringApplication.run(CalleeApplication.class, args);
    }

    @RestController
    static class WhoAmI {

        private final Discovery discovery;

        WhoAmI(Discovery discovery) {
            this.discovery = discovery;
        }

        @RequestMapping(path = "/whoami", method = {RequestMethod.GET, RequestMethod.POST})
        String whoami() {
            return discovery.id();
        }
    }
}
