package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spi.Transport;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: a legitimate cluster whose nodes all share one address (one host, a NAT, a node's pods on host
 * networking) was refused as {@code SOURCE_LIMIT} until its nodes had proven themselves, and converged in 5 s instead
 * of 2.6 s. Limits meant for a flood from one address must not refuse a cluster that is not under attack.
 */
class SameAddressClusterTest {

    private static final int NODES = 300;
    private static final String ADDRESS = "10.0.0.1";

    @Test
    void threeHundredNodesOnOneAddressConvergeWithNothingRefused() {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, 24);
        List<Discovery> nodes = new ArrayList<>();
        List<AtomicInteger> tableSizes = new ArrayList<>();
        AtomicLong removals = new AtomicLong();
        for (int i = 0; i < NODES; i++) {
            Discovery node = new Discovery(DiscoveryOptions.builder().hostName("host").build(),
                    network.sharedTransport(ADDRESS), scheduler);
            AtomicInteger size = new AtomicInteger();
            node.addListener(event -> {
                if (event instanceof DiscoveryEvent.NodeAdded) {
                    size.incrementAndGet();
                } else if (event instanceof DiscoveryEvent.NodeRemoved) {
                    size.decrementAndGet();
                    removals.incrementAndGet();
                }
            });
            nodes.add(node);
            tableSizes.add(size);
        }

        // Started over a second, as a host starting its services does: every node is a newcomer to the others.
        for (Discovery node : nodes) {
            node.start();
            scheduler.runFor(Duration.ofMillis(3));
        }
        long convergedAt = -1;
        while (scheduler.millis() <= 5_000) {
            scheduler.runFor(Duration.ofMillis(10));
            if (tableSizes.stream().allMatch(size -> size.get() == NODES - 1)) {
                convergedAt = scheduler.millis();
                break;
            }
        }

        long refused = nodes.stream().mapToLong(node -> node.stats().dataErrors()).sum();
        long sourceLimit = nodes.stream().mapToLong(node -> node.stats().dropped().get(DropReason.SOURCE_LIMIT)).sum();
        System.out.printf("%d nodes on one address: every table complete after %d virtual ms, %,d hellos refused"
                + " (%,d as SOURCE_LIMIT)%n", NODES, convergedAt, refused, sourceLimit);
        assertThat(sourceLimit).as("hellos refused as SOURCE_LIMIT").isZero();
        assertThat(refused).as("hellos refused for any reason").isZero();
        assertThat(convergedAt).as("virtual ms until every table held the %d others", NODES - 1)
                .isBetween(0L, 2_500L);

        // Steady: nobody is removed, and everyone agrees on one master.
        scheduler.runFor(Duration.ofSeconds(5));
        assertThat(removals.get()).isZero();
        assertThat(nodes.stream().filter(Discovery::isMaster).count()).isEqualTo(1);
        nodes.forEach(Discovery::stop);
    }

    /** The limit still holds under a flood: once the table is half full, one address adds no more unproven nodes. */
    @Test
    void underPressureOneAddressCannotTakeTheRoomLeft() throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, 24);
        Discovery node = new Discovery(DiscoveryOptions.builder().hostName("host").maxNodes(1_000).build(),
                network.transport("10.0.0.2"), scheduler);
        node.start();
        Discovery other = new Discovery(DiscoveryOptions.builder().hostName("other").build(),
                network.transport("10.0.0.3"), scheduler);
        Transport attacker = network.transport(ADDRESS);
        attacker.start((data, source) -> { });
        for (int i = 0; i < 1_000; i++) {
            attacker.send(LockoutTest.forgedHello(i), SimCluster.BROADCAST);
        }
        scheduler.runFor(Duration.ofMillis(10));
        assertThat(node.nodes()).hasSize(500);
        assertThat(node.stats().dropped().get(DropReason.SOURCE_LIMIT)).isEqualTo(500);

        other.start(); // another address still finds room
        scheduler.runFor(Duration.ofMillis(10));
        assertThat(node.nodes()).extracting(Node::id).contains(other.self().id());
        node.stop();
        other.stop();
    }
}
