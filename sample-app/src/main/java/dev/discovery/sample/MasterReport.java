package dev.discovery.sample;

import dev.discovery.Discovery;
import dev.discovery.spring.master.MasterOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A job that must run once in the cluster: every copy schedules it, and only the leader (the master) runs it; on the
 * others the call is skipped and counted in {@code discovery.master.only.calls{result=skipped}}.
 */
@Component
class MasterReport {

    private static final Logger log = LoggerFactory.getLogger(MasterReport.class);

    private final Discovery discovery;

    MasterReport(Discovery discovery) {
        this.discovery = discovery;
    }

    @Scheduled(initialDelayString = "${sample.report-interval}", fixedDelayString = "${sample.report-interval}")
    @MasterOnly
    void report() {
        log.info("Master-only report: {} nodes in the cluster: {}", discovery.nodes().size() + 1,
                discovery.nodes().stream().map(SampleNodes::describe).sorted().toList());
    }
}
