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

    private static String goodbye(String id) {
        return "{\"event\":\"discovery:goodbye\",\"pid\":\"p\",\"iid\":\"" + id + "\",\"hostName\":\"sim\","
                + "\"data\":{\"reason\":\"stopped\"}}";
    }

    @Test
    void aForgedHelloThenAForgedGoodbyeNeverMovesNorRemovesARealPeer() throws Exception {
        // Issue 20, item 4: the hello moved b to the attacker's address, and the goodbye from there then removed it.
        startWithAttacker();
        int updates = a.events(DiscoveryEvent.NodeUpdated.class).size();
        for (int attempt = 1; attempt <= 10; attempt++) {
            forge(hello(b.id, true));
            forge(goodbye(b.id));
            assertThat(a.peerIds()).as("attempt %d", attempt).containsExactly(b.id);
            assertThat(a.discovery.node(b.id)).get().extracting(Node::address).isEqualTo(b.address);
            cluster.run(Duration.ofMillis(200));
        }
        assertThat(a.events(DiscoveryEvent.NodeRemoved.class)).isEmpty();
        assertThat(a.events(DiscoveryEvent.NodeUpdated.class)).hasSize(updates);
        assertThat(a.discovery.stats().dropped().get(DropReason.ID_CONFLICT)).as("10 hellos and 10 goodbyes")
                .isEqualTo(20);
    }

    @Test
    void aPeerWhoseAddressChangesIsSeenAtTheNewOneWithinNodeTimeoutAndOneHelloInterval() throws Exception {
        startWithAttacker();
        // b's host gets a new address (DHCP): its old one falls silent, the same node speaks from the new one.
        cluster.network.isolate(b.address);
        Discovery moved = new Discovery(DiscoveryOptions.builder().hostName("sim").build(),
                cluster.network.transport("10.0.7.7"), cluster.scheduler, cluster.dns, b.id);
        long since = cluster.scheduler.millis();
        moved.start();
        DiscoveryOptions defaults = DiscoveryOptions.builder().build();
        long bound = defaults.nodeTimeout().plus(defaults.helloInterval()).toMillis();
        assertThat(cluster.scheduler.runUntil(() -> a.discovery.node(b.id).map(Node::address)
                .filter("10.0.7.7"::equals).isPresent(), Duration.ofSeconds(30))).isTrue();
        assertThat(cluster.scheduler.millis() - since).as("ms until a sees b at its new address")
                .isLessThanOrEqualTo(bound);
        moved.stop();
    }
}
