package dev.discovery.sample;

import dev.discovery.spring.event.DemotedEvent;
import dev.discovery.spring.event.MasterChangedEvent;
import dev.discovery.spring.event.PromotedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Logs the master election as this copy sees it. */
@Component
class MasterRoleLogger {

    private static final Logger log = LoggerFactory.getLogger(MasterRoleLogger.class);

    @EventListener
    void promoted(PromotedEvent event) {
        log.info("This node ({}) is now master", event.getSelf().id());
    }

    @EventListener
    void demoted(DemotedEvent event) {
        log.info("This node ({}) is no longer master", event.getSelf().id());
    }

    @EventListener
    void masterChanged(MasterChangedEvent event) {
        log.info("Masters now: {}", event.getMasters().stream().map(SampleNodes::describe).toList());
    }
}
