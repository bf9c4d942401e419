package dev.discovery.sample;

import dev.discovery.Discovery;
import dev.discovery.MasterWork;
import dev.discovery.spring.master.MasterOnly;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A job that must run once per service: every copy schedules it, and only the service's leader runs it; on the others
 * the call is skipped and counted in {@code discovery.master.only.calls{result=skipped}}. What it writes carries the
 * lead's term, so that a store refuses the writes of an older leader (one cut off, or frozen, that has not yet heard it
 * lost the lead). With a database that is one conditional statement:
 *
 * <pre>{@code
 * int rows = jdbc.update("UPDATE report SET body = ?, term = ? WHERE id = ? AND term <= ?", body, term, id, term);
 * if (rows == 0) { ... a newer leader has written: stop }
 * }</pre>
 *
 * Here {@link #reports} stands for that table.
 */
@Component
class MasterReport {

    private static final Logger log = LoggerFactory.getLogger(MasterReport.class);

    private final Discovery discovery;
    private final MasterWork work;
    /** The stored report and the term it was written in: the sample's stand-in for a table. */
    private final AtomicReference<Written> reports = new AtomicReference<>(new Written("", 0));

    record Written(String body, long term) {
    }

    MasterReport(Discovery discovery, MasterWork work) {
        this.discovery = discovery;
        this.work = work;
    }

    @Scheduled(initialDelayString = "${sample.report-interval}", fixedDelayString = "${sample.report-interval}")
    @MasterOnly
    void report() {
        String body = (discovery.nodes().size() + 1) + " nodes in the cluster: "
                + discovery.nodes().stream().map(SampleNodes::describe).sorted().toList();
        long term = work.term(); // a @Scheduled method takes no parameters; others can take @MasterOnly.Term long
        // UPDATE report SET body = ?, term = ? WHERE id = 1 AND term <= ?
        Written stored = reports.updateAndGet(old -> old.term() <= term ? new Written(body, term) : old);
        if (stored.term() == term) {
            log.info("Master-only report (term {}): {}", term, body);
        } else {
            log.warn("Master-only report refused: term {} is older than the stored term {}", term, stored.term());
        }
    }
}
