package dev.discovery.sample;

import dev.discovery.Ownership;
import dev.discovery.spring.event.OwnershipChangedEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-key work: the tenants ({@code sample.tenants}) are spread over the running copies of this service, each synced by
 * exactly one copy. When a copy joins or leaves, only its tenants move.
 */
@Component
class TenantSync {

    private static final Logger log = LoggerFactory.getLogger(TenantSync.class);

    private final Ownership ownership;
    private final List<String> tenants;

    TenantSync(Ownership ownership, @Value("${sample.tenants}") List<String> tenants) {
        this.ownership = ownership;
        this.tenants = tenants;
    }

    @Scheduled(initialDelayString = "${sample.report-interval}", fixedDelayString = "${sample.report-interval}")
    void sync() {
        List<String> mine = ownership.owned(tenants);
        log.info("Syncing {} of {} tenants here: {}", mine.size(), tenants.size(), mine);
    }

    @EventListener
    void ownershipChanged(OwnershipChangedEvent event) {
        List<String> gained = tenants.stream().filter(event::gained).toList();
        List<String> lost = tenants.stream().filter(event::lost).toList();
        if (!gained.isEmpty() || !lost.isEmpty()) {
            log.info("Tenants moved: gained {}, lost {} ({} copies share them)", gained, lost, event.getChange()
                    .owners().size());
        }
    }
}
