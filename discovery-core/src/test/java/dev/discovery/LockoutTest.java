package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 3: hellos from a crowd of forged ids at a high rate filled the table, and a real peer that missed
 * two hellos was timed out and then refused as TABLE_FULL until the flood stopped. Here, scaled down tenfold (10,000
 * forged ids cycled at 9,000 hellos/s against maxNodes 1,000), the real peer loses its hellos for 2.5 s in the middle
 * of the flood: it is timed out, and its first hello after that must bring it back.
 */
class LockoutTest {

    private static final int FORGED_IDS = 10_000;
    private static final int FLOOD_PER_MS = 9;

    static byte[] forgedHello(int n) {
        return ("{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"forged-" + n + "\",\"hostName\":\"h\",\"data\":"
                + "{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1,\"address\":\"127.0.0.1\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFloodOfForgedIdsNeverLocksOutAnEstablishedPeer() throws Exception {
        SimCluster cluster = new SimCluster(111, b -> b.maxNodes(1_000));
        SimNode real = cluster.add(2);
        Discovery observer = new Discovery(DiscoveryOptions.builder().hostName("sim").maxNodes(1_000)
                .ignoreDataErrors(false).build(), cluster.network.transport("10.0.0.1"), cluster.scheduler);
        List<String> story = new ArrayList<>(); // what the observer said about the real peer, with the virtual time
        observer.addListener(event -> {
            long at = cluster.scheduler.millis();
            if (event instanceof DiscoveryEvent.NodeAdded e && e.node().id().equals(real.id)) {
                story.add(at + " added");
            } else if (event instanceof DiscoveryEvent.NodeRemoved e && e.node().id().equals(real.id)) {
                story.add(at + " removed " + e.reason());
            } else if (event instanceof DiscoveryEvent.DataError e
                    && e.source().getAddress().getHostAddress().equals(real.address)) {
                story.add(at + " refused " + e.reason());
            }
        });
        cluster.network.lossRate(0.1).maxConsecutiveLosses(1);
        observer.start();
        cluster.startAll();
        Transport attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        cluster.run(Duration.ofSeconds(3));
        assertThat(story).hasSize(1);

        int next = 0;
        long isolateAt = 14_000;
        long healAt = isolateAt + 2_500;
        while (cluster.scheduler.millis() < healAt + 2_500) {
            long now = cluster.scheduler.millis();
            if (now == isolateAt) {
                // By now the forged ids that keep coming back have established themselves and fill the table.
                assertThat(observer.nodes().size()).isEqualTo(1_000);
                cluster.network.isolate(real.address);
            } else if (now == healAt) {
                cluster.network.heal();
            }
            for (int i = 0; i < FLOOD_PER_MS; i++) {
                attacker.send(forgedHello(next), SimCluster.BROADCAST);
                next = (next + 1) % FORGED_IDS;
            }
            cluster.run(Duration.ofMillis(1));
        }

        // Removed once while cut off, back at its first or second hello after the heal (one may be lost), never refused.
        assertThat(story).hasSize(3);
        assertThat(story.get(1)).endsWith("removed TIMED_OUT");
        assertThat(Long.parseLong(story.get(1).split(" ")[0])).isBetween(isolateAt, healAt);
        assertThat(story.get(2)).endsWith("added");
        assertThat(Long.parseLong(story.get(2).split(" ")[0])).isBetween(healAt, healAt + 2_100);
        assertThat(observer.nodes()).hasSizeLessThanOrEqualTo(1_000);
        assertThat(observer.stats().dropped().get(DropReason.TABLE_FULL)).isPositive();
    }
}
