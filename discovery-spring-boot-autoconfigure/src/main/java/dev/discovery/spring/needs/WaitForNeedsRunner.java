package dev.discovery.spring.needs;

import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.node.DiscoveryStartupException;
import java.time.Duration;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Makes startup wait ({@code discovery.wait-for-needs}) until every needed service is available, and fail naming the
 * missing ones. Boot declares the application ready only after its runners, so it refuses traffic meanwhile.
 */
public final class WaitForNeedsRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WaitForNeedsRunner.class);

    private final ServiceDiscovery services;
    private final Duration timeout;

    public WaitForNeedsRunner(ServiceDiscovery services, Duration timeout) {
        this.services = services;
        this.timeout = timeout;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (services.isReady()) {
            return;
        }
        log.info("Waiting up to {} for the needed services {}", timeout, services.missing());
        if (!services.awaitReady(timeout)) {
            throw new DiscoveryStartupException("The needed services " + services.missing() + " had no available "
                    + "instance within discovery.wait-for-needs=" + timeout + " (needed: "
                    + new TreeSet<>(services.needs()) + "; services visible on the network: "
                    + VisibleServices.of(services.membership()) + ")", "Start instances of the missing services on the "
                    + "same discovery network (discovery.port, discovery.broadcast), check their discovery.service.name "
                    + "and the names you need (a typo?), or raise or unset discovery.wait-for-needs.", null);
        }
    }
}
