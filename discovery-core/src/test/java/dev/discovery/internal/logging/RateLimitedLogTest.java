package dev.discovery.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.discovery.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    private final AtomicLong clock = new AtomicLong();
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class),
            Duration.ofSeconds(10), clock::get);

    @Test
    void aFloodOfOneKindGivesOneLinePerIntervalWithTheCountOfTheRest() {
        try (LogCapture capture = new LogCapture(RateLimitedLogTest.class)) {
            for (int i = 0; i < 100_000; i++) {
                clock.set(i / 4); // 100,000 problems in 25 s
                log.warn("bad", "bad datagram from {}", "10.0.0." + (i % 250));
            }
            assertThat(capture.lines(Level.WARN)).containsExactly(
                    "bad datagram from 10.0.0.0",
                    "bad datagram from 10.0.0.0 (and 39999 more like this in the last 10 s, not logged one by one)",
                    "bad datagram from 10.0.0.0 (and 39999 more like this in the last 10 s, not logged one by one)");
        }
    }

    @Test
    void kindsAreLimitedApartAndTheStackTraceComesOncePerInterval() {
        try (LogCapture capture = new LogCapture(RateLimitedLogTest.class)) {
            for (int i = 0; i < 1_000; i++) {
                log.error("listener", new IllegalStateException("boom"), "listener failed");
                log.info("other", "other problem");
            }
            assertThat(capture.events()).hasSize(2);
            assertThat(capture.events().get(0).getThrowableProxy().getMessage()).isEqualTo("boom");
            assertThat(capture.lines(Level.INFO)).containsExactly("other problem");
        }
    }
}
