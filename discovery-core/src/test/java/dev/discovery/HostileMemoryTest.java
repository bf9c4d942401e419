package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spi.Transport;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 2: a hello whose advertisement is {@code [{},{},...]} filling a datagram costs far more heap once
 * decoded than it takes on the wire. Whatever forged peers send, the heap they pin stays within the table's budget.
 */
class HostileMemoryTest {

    /** A hello with the costliest advertisement a datagram can carry: empty objects, three bytes each. */
    static String hostileHello(String id) {
        String head = "{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"" + id
                + "\",\"hostName\":\"h\",\"data\":{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1,"
                + "\"address\":\"127.0.0.1\",\"advertisement\":[";
        StringBuilder hello = new StringBuilder(DiscoveryOptions.MAX_DATAGRAM_BYTES).append(head).append("{}");
        while (hello.length() + 3 + 3 < DiscoveryOptions.MAX_DATAGRAM_BYTES) {
            hello.append(",{}");
        }
        return hello.append("]}}").toString();
    }

    static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void forgedPeersWithCostlyAdvertisementsPinNoMoreThanTheTableBudget() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, 90);
        Discovery node = new Discovery(DiscoveryOptions.builder().hostName("sim").build(),
                network.transport("10.0.0.1"), scheduler);
        node.start();
        Transport attacker = network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        scheduler.runFor(Duration.ofMillis(10));
        long before = usedHeapAfterGc();

        int peers = 200;
        for (int i = 0; i < peers; i++) {
            attacker.send(hostileHello("forged-" + i).getBytes(StandardCharsets.UTF_8));
            scheduler.runFor(Duration.ofMillis(1));
        }
        long pinned = usedHeapAfterGc() - before;

        // 32 MiB is the default budget; the rest is slack for what the estimate may miss and for the measurement.
        assertThat(pinned).as("heap pinned by %d forged peers", peers).isLessThan(48L << 20);
        node.stop();
    }
}
