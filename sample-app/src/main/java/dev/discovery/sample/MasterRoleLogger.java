package dev.discovery.sample;

import dev.discovery.spring.event.DemotedEvent;
import dev.discovery.spring.event.MasterChangedEvent;
import dev.discovery.spring.event.PromotedEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs the master election as this copy sees it. The list of masters is logged when it changes, at most once a second:
 * without keys anyone on the network can forge masters, and a flood of them must not flood the log.
 */
@Component
class MasterRoleLogger {

    private static final Logger log = LoggerFactory.getLogger(MasterRoleLogger.class);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private List<String> lastLogged = List.of();
    private long lastLoggedAt = System.nanoTime() - QUIET_NANOS;
    private int changesNotLogged;

    @EventListener
    void promoted(PromotedEvent event) {
        log.info("This node ({}) is now master", event.getSelf().id());
    }

    @EventListener
    void demoted(DemotedEvent event) {
        log.info("This node ({}) is no longer master", event.getSelf().id());
    }

    @EventListener
    synchronized void masterChanged(MasterChangedEvent event) {
        List<String> masters = event.getMasters().stream().map(SampleNodes::describe).toList();
        if (masters.equals(lastLogged)) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastLoggedAt < QUIET_NANOS) {
            changesNotLogged++;
            return;
        }
        log.info("Masters now: {}{}", masters,
                changesNotLogged == 0 ? "" : " (" + changesNotLogged + " changes since the last line not logged)");
        lastLogged = masters;
        lastLoggedAt = now;
        changesNotLogged = 0;
    }
}
