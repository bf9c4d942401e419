package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.testing.InMemoryDns;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000 nodes with default timings whose only setting is one DNS name that resolves to three of them, started at random
 * within one second on the in-memory network: every table holds the 999 others and one master is agreed within 10 s
 * of virtual time. Then it reports what each node sends per second at steady state (docs/architecture.md).
 */
@Tag("slow")
class SeedClusterScaleTest {

    private static final int NODES = Integer.getInteger("scale.nodes", 1_000);
    private static final String NAME = "discovery.default.svc.cluster.local";

    private record Member(String address, Discovery discovery, AtomicInteger peers) {
    }

    @Test
    void aThousandNodesFindEachOtherThroughOneNameOfThreeAndElectOneMaster() {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, 42).delay(1, 5);
        InMemoryDns dns = new InMemoryDns();
        Random random = new Random(42);
        List<Member> members = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            String address = "10.1." + (n / 250) + "." + (n % 250 + 1);
            Discovery discovery = new Discovery(DiscoveryOptions.builder().hostName("n" + n).seeds(NAME).build(),
                    network.transport(address), scheduler, dns, String.format("node-%04d", n));
            AtomicInteger peers = new AtomicInteger();
            discovery.addListener(event -> {
                if (event instanceof DiscoveryEvent.NodeAdded) {
                    peers.incrementAndGet();
                } else if (event instanceof DiscoveryEvent.NodeRemoved) {
                    peers.decrementAndGet();
                }
            });
            members.add(new Member(address, discovery, peers));
            scheduler.schedule(random.nextInt(1_000), discovery::start);
        }
        dns.set(NAME, members.get(0).address(), members.get(1).address(), members.get(2).address());

        long started = System.nanoTime();
        long tablesFull = -1;
        long converged = -1;
        while (scheduler.millis() < 10_000 && converged < 0) {
            scheduler.runFor(Duration.ofMillis(100));
            if (tablesFull < 0 && members.stream().allMatch(m -> m.peers().get() == NODES - 1)) {
                tablesFull = scheduler.millis();
            }
            if (tablesFull >= 0 && oneAgreedMaster(members)) {
                converged = scheduler.millis();
            }
            if (scheduler.millis() % 1_000 == 0) {
                int[] sizes = members.stream().mapToInt(m -> m.peers().get()).sorted().toArray();
                System.out.printf("[seed-scale] t=%d ms: table sizes min %d, median %d, max %d%n", scheduler.millis(),
                        sizes[0], sizes[sizes.length / 2], sizes[sizes.length - 1]);
            }
        }
        System.out.printf("[seed-scale] %d nodes: full tables at %d ms, one agreed master at %d ms of virtual time "
                + "(%.0f s of real time)%n", NODES, tablesFull, converged, (System.nanoTime() - started) / 1e9);
        assertThat(tablesFull).as("virtual ms until every table is full").isBetween(0L, 10_000L);
        assertThat(converged).as("virtual ms until one master is agreed").isBetween(0L, 10_000L);

        scheduler.runFor(Duration.ofSeconds(2)); // steady state: the exchange has settled
        long[] datagrams = new long[NODES];
        long[] bytes = new long[NODES];
        for (int i = 0; i < NODES; i++) {
            datagrams[i] = network.datagramsSentBy(members.get(i).address());
            bytes[i] = network.bytesSentBy(members.get(i).address());
        }
        int seconds = 3;
        scheduler.runFor(Duration.ofSeconds(seconds));
        double datagramsPerSecond = 0;
        double bytesPerSecond = 0;
        double maxDatagrams = 0;
        for (int i = 0; i < NODES; i++) {
            double d = (network.datagramsSentBy(members.get(i).address()) - datagrams[i]) / (double) seconds;
            datagramsPerSecond += d / NODES;
            bytesPerSecond += (network.bytesSentBy(members.get(i).address()) - bytes[i]) / (double) seconds / NODES;
            maxDatagrams = Math.max(maxDatagrams, d);
        }
        System.out.printf("[seed-scale] steady state per node: %.0f datagrams/s (max %.0f), %.0f bytes/s%n",
                datagramsPerSecond, maxDatagrams, bytesPerSecond);
        assertThat(members).allMatch(m -> m.peers().get() == NODES - 1);
        assertThat(oneAgreedMaster(members)).isTrue();
    }

    private static boolean oneAgreedMaster(List<Member> members) {
        Set<String> actual = members.stream().filter(m -> m.discovery().isMaster()).map(m -> m.discovery().id())
                .collect(Collectors.toCollection(TreeSet::new));
        if (actual.size() != 1) {
            return false;
        }
        for (Member member : members) {
            List<Node> masters = member.discovery().masters();
            if (masters.size() != 1 || !actual.contains(masters.get(0).id())) {
                return false;
            }
        }
        return true;
    }
}
