package dev.discovery.spring.needs;

import dev.discovery.DiscoveryEvent;
import dev.discovery.ServiceDiscovery;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a needed service is missing while one with almost its name is on the network: a typo in
 * {@code @NeedsService}, {@code discovery.needs} or {@code @ServiceSetup} otherwise only shows as an application that
 * never becomes ready. A need of the node's own service is said as what it is: its own instance does not count. Each
 * pair of names is reported once.
 */
public final class MissingServicesLog {

    private static final Logger log = LoggerFactory.getLogger(MissingServicesLog.class);

    private final ServiceDiscovery services;
    private final Set<String> reported = new HashSet<>(); // guarded by this

    public MissingServicesLog(ServiceDiscovery services) {
        this.services = services;
        services.membership().addListener(this::onDiscoveryEvent);
    }

    private void onDiscoveryEvent(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.NodeAdded || event instanceof DiscoveryEvent.NodeUpdated) {
            Set<String> missing = services.missing();
            if (!missing.isEmpty()) {
                check(missing, VisibleServices.of(services.membership()));
            }
        }
    }

    private synchronized void check(Set<String> missing, SortedSet<String> visible) {
        Object own = services.membership().self().advertisementMap().get("name");
        for (String needed : missing) {
            if (needed.equals(own)) {
                if (reported.add(needed)) {
                    log.warn("This node needs '{}', the service it offers itself: its own instance does not count for "
                            + "its own need, so it waits for another instance of '{}'. Services visible now: {}",
                            needed, needed, visible);
                }
                continue;
            }
            VisibleServices.lookalike(needed, visible).filter(name -> reported.add(needed + "\n" + name))
                    .ifPresent(name -> log.warn("The needed service '{}' has no instance, but a service named '{}' "
                            + "is on the network: a typo in @NeedsService, discovery.needs or @ServiceSetup? "
                            + "Services visible now: {}", needed, name, visible));
        }
    }
}
