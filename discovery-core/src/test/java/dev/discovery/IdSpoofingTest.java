package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Without a key nothing stops a forger, but spoofing is not silent (issue 11, item 6): hellos carrying a node's own id
 * are counted and logged, and a goodbye counts only from the address the node's hellos come from.
 */
class IdSpoofingTest {

    private final SimCluster cluster = new SimCluster(66);
    private final SimNode a = cluster.add(1);
    private final SimNode b = cluster.add(2);
    private Transport attacker;

    private void startWithAttacker() throws Exception {
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));
    }

    private void forge(String json) throws Exception {
        attacker.send(json.getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
        cluster.run(Duration.ofMillis(5));
    }

    private static String hello(String id, boolean master) {
        return "{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"" + id + "\",\"hostName\":\"sim\",\"data\":{\"isMaster\":"
                + master + ",\"isMasterEligible\":true,\"weight\":9}}";
    }

    @Test
    void helloesCarryingANodesOwnIdAreCountedAsConflictsAndLoggedRateLimited() throws Exception {
        startWithAttacker();
        long ownBefore = a.discovery.stats().dropped().get(DropReason.OWN);
        try (LogCapture log = new LogCapture(Discovery.class)) {
            for (int i = 0; i < 2_000; i++) {
                forge(hello(a.id, true)); // 2,000 forged hellos in 10 s
            }
            assertThat(a.discovery.stats().dropped().get(DropReason.ID_CONFLICT)).isEqualTo(2_000);
            assertThat(log.lines(Level.WARN)).hasSizeBetween(1, 2)
                    .allMatch(line -> line.contains("ID_CONFLICT") && line.contains("10.0.9.9")
                            && line.contains("Set keys"));
        }
        // Its own hellos, which come back to it on a broadcast network, are still just its own.
        assertThat(a.discovery.stats().dropped().get(DropReason.OWN)).isGreaterThan(ownBefore + 5);
        assertThat(a.discovery.stats().dropped().get(DropReason.ID_CONFLICT)).isEqualTo(2_000);
    }

    @Test
    void aForgedGoodbyeRemovesNobody() throws Exception {
        startWithAttacker();
        cluster.network.delay(1, 1);
        forge("{\"event\":\"discovery:goodbye\",\"pid\":\"p\",\"iid\":\"" + b.id + "\",\"hostName\":\"sim\","
                + "\"data\":{\"reason\":\"stopped\"}}");
        assertThat(a.peerIds()).containsExactly(b.id);
        assertThat(a.events(DiscoveryEvent.NodeRemoved.class)).isEmpty();
        assertThat(a.discovery.stats().dropped().get(DropReason.ID_CONFLICT)).isEqualTo(1);

        // Nor does a goodbye carrying the receiver's own id.
        forge("{\"event\":\"discovery:goodbye\",\"pid\":\"p\",\"iid\":\"" + a.id + "\",\"hostName\":\"sim\","
                + "\"data\":{\"reason\":\"stopped\"}}");
        assertThat(b.peerIds()).containsExactly(a.id);
        assertThat(a.discovery.stats().dropped().get(DropReason.ID_CONFLICT)).isEqualTo(2);

        // The real goodbye, from where b's hellos come from, still removes b at once.
        b.discovery.stop();
        cluster.run(Duration.ofMillis(5));
        assertThat(a.events(DiscoveryEvent.NodeRemoved.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.LEFT));
    }
}
