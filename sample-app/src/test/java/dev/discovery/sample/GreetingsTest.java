package dev.discovery.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.discovery.Node;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 20, item 13: 5,000 forged greetings of 30 KB grew each node's log by 150 MB in 10 s. Users copy samples: what
 * it logs of a greeting is bounded in length, and in rate to a line a second.
 */
class GreetingsTest {

    @Test
    void aFloodOfLongGreetingsGivesShortLinesAtMostOnceASecond() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(Greetings.class)).addAppender(appender);
        Greetings greetings = new Greetings(null, "self");
        String long30k = "x".repeat(30_000);
        Node forged = new Node("forged", "h", "10.0.9.9", 12345, false, true, 1, Map.of("name", long30k, "port", 1),
                Instant.now(), "p");
        long started = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            greetings.onGreeting(new Greetings.Greeting(long30k, long30k), forged);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(appender.list).hasSizeBetween(1, (int) seconds + 1)
                .allSatisfy(line -> assertThat(line.getFormattedMessage()).hasSizeLessThan(1_000));
        assertThat(appender.list.get(0).getFormattedMessage()).contains("xxx").contains("30000 chars");
        assertThat(greetings.received()).hasSize(20);
    }
}
