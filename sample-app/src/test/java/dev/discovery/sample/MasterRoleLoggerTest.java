package dev.discovery.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.Node;
import dev.discovery.spring.event.MasterChangedEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 11, item 4: a forged-master flood (69 MB of "Masters now" lines once) gives a line a second at most. */
class MasterRoleLoggerTest {

    @Test
    void aFloodOfForgedMastersDoesNotFloodTheLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(MasterRoleLogger.class)).addAppender(appender);
        Discovery discovery = new Discovery(DiscoveryOptions.builder().build()); // never started
        MasterRoleLogger logger = new MasterRoleLogger();
        long started = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            Node forged = new Node("forged-" + i, "h", "10.0.9.9", 12345, true, true, 9, null, Instant.now(), "p");
            logger.masterChanged(new MasterChangedEvent(discovery, forged, true, List.of(forged)));
            logger.masterChanged(new MasterChangedEvent(discovery, forged, true, List.of(forged))); // no change
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(appender.list).hasSizeBetween(1, (int) seconds + 1);
        assertThat(appender.list.get(0).getFormattedMessage()).startsWith("Masters now: [forged-0]");
    }
}
