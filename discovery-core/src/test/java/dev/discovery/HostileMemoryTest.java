package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.spi.Transport;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import dev.discovery.internal.engine.PeerFootprintTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 2: a hello whose advertisement is {@code [{},{},...]} filling a datagram costs far more heap once
 * decoded than it takes on the wire. Whatever forged peers send, the heap they pin stays within the table's budget.
 */
class HostileMemoryTest {

    /** The hello of the report: an advertisement of empty objects, three bytes each, filling a datagram. */
    static String datagramOfEmptyObjects(String id) {
        return helloWith(id, "{}", DiscoveryOptions.MAX_DATAGRAM_BYTES / 3 - 100);
    }

    /** The costliest hello a receiver still parses: per token of the 4,096 allowed, one-field objects cost the most. */
    static String costliestParsedHello(String id) {
        return helloWith(id, "{\"k\":1}", 1_010);
    }

    private static String helloWith(String id, String item, int count) {
        StringBuilder hello = new StringBuilder("{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"" + id
                + "\",\"hostName\":\"h\",\"data\":{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1,"
                + "\"address\":\"127.0.0.1\",\"advertisement\":[").append(item);
        for (int i = 1; i < count; i++) {
            hello.append(',').append(item);
        }
        return hello.append("]}}").toString();
    }

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler, 90);
    private Transport attacker;

    /** A node with the default options, and an attacker on the same network. */
    private Discovery startNodeAndAttacker() throws Exception {
        Discovery node = new Discovery(DiscoveryOptions.builder().hostName("sim").build(),
                network.transport("10.0.0.1"), scheduler);
        node.join("orders", message -> { });
        node.start();
        attacker = network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        scheduler.runFor(Duration.ofMillis(10));
        return node;
    }

    @Test
    void forgedPeersWithCostlyAdvertisementsPinNoMoreThanTheTableBudget() throws Exception {
        Discovery node = startNodeAndAttacker();
        long before = PeerFootprintTest.usedHeapAfterGc();

        int peers = 200;
        for (int i = 0; i < peers; i++) {
            attacker.send(datagramOfEmptyObjects("forged-" + i).getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
            attacker.send(costliestParsedHello("costly-" + i).getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
            scheduler.runFor(Duration.ofMillis(1));
        }
        long pinned = PeerFootprintTest.usedHeapAfterGc() - before;
        assertThat(node.stats().dropped().get(DropReason.OVERSIZED)).isEqualTo(peers);

        // 32 MiB is the default budget, and the estimate it counts stays above the real heap (PeerFootprintTest).
        assertThat(pinned).as("heap pinned by %d forged peers", peers).isLessThan(32L << 20);
        int admitted = node.nodes().size();
        System.out.printf("%d forged peers admitted, %,d bytes of heap pinned%n", admitted, pinned);
        assertThat(admitted).isBetween(40, 80);
        assertThat(node.stats().dropped().get(DropReason.OVER_BUDGET)).isEqualTo(peers - admitted);
        node.stop();
    }

    @Test
    void aDatagramWithMoreJsonTokensThanAnyAdvertisementNeedsIsRefusedWhileParsing() throws Exception {
        Discovery node = startNodeAndAttacker();
        String ones = "1" + ",1".repeat(5_000);
        attacker.send(("{\"event\":\"orders\",\"iid\":\"x\",\"data\":[" + ones + "]}").getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
        attacker.send(("{\"event\":\"hello\",\"iid\":\"x\",\"data\":{\"advertisement\":[" + ones + "]}}")
                .getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
        scheduler.runFor(Duration.ofMillis(10));
        assertThat(node.stats().dropped().get(DropReason.OVERSIZED)).isEqualTo(2);
        assertThat(node.nodes()).isEmpty();

        // The sender finds out at once, not from silent receivers.
        assertThatThrownBy(() -> node.send("orders", java.util.Collections.nCopies(5_000, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
        assertThatThrownBy(() -> node.advertise(java.util.Collections.nCopies(5_000, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON tokens");
        node.stop();
    }
}
