package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * No log floods (issue 11, item 4): whatever repeats once per datagram is counted and logged at most once per interval
 * (10 s) with a count, whatever the rate.
 */
class LogFloodTest {

    private final SimCluster cluster = new SimCluster(44);
    private final SimNode node = cluster.add(1);
    private Transport attacker;

    private void flood(String json, int count, Duration over) throws Exception {
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        for (int i = 0; i < count; i++) {
            attacker.send(json.replace("#", Integer.toString(i)).getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
            cluster.run(over.dividedBy(count));
        }
    }

    @Test
    void aFloodOfJunkIsCountedAndLoggedOncePerIntervalWithACount() throws Exception {
        node.discovery.start();
        try (LogCapture log = new LogCapture(Discovery.class)) {
            flood("{\"event\":\"hello\",\"iid\":#}", 20_000, Duration.ofSeconds(25));
            assertThat(node.discovery.stats().dropped().get(DropReason.INVALID)).isEqualTo(20_000);
            assertThat(log.events()).hasSizeBetween(1, 3).allMatch(e -> e.getThrowableProxy() == null);
            assertThat(log.lines(Level.INFO)).last().asString().contains("INVALID", "more like this in the last");
        }
    }

    @Test
    void aChannelHandlerThatFailsOnEveryMessageDoesNotFloodTheLog() throws Exception {
        node.discovery.join("orders", message -> {
            throw new IllegalStateException("cannot take " + message.payload());
        });
        node.discovery.start();
        try (LogCapture log = new LogCapture(Discovery.class)) {
            flood("{\"event\":\"orders\",\"iid\":\"x\",\"data\":#}", 5_000, Duration.ofSeconds(5));
            assertThat(log.lines(Level.ERROR)).hasSizeBetween(1, 2);
            assertThat(log.events()).filteredOn(e -> e.getThrowableProxy() != null).extracting(ILoggingEvent::getLevel)
                    .hasSizeLessThanOrEqualTo(2);
        }
    }
}
