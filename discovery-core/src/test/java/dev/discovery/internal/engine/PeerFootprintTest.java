package dev.discovery.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.internal.wire.Json;
import dev.discovery.spi.Transport;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The table's budget is only as good as the estimate of each peer's heap: for the costliest shapes a datagram can
 * carry (within 4,096 JSON tokens), the estimate is checked against the heap that 200 such peers really take.
 * Slow (a few full GCs per shape); {@code HostileMemoryTest} keeps a fast check of the budget in every build.
 */
@Tag("slow")
public class PeerFootprintTest {

    private static final int PEERS = 200;
    private static final String ID = "c59f1d3c-1234-5678-9abc-def012345678";

    static String hello(String id, String advertisement) {
        return "{\"event\":\"hello\",\"pid\":\"" + ID + "\",\"iid\":\"" + id + "\",\"hostName\":\"host-name\",\"data\":"
                + "{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":-0.17958,\"address\":\"127.0.0.1\""
                + (advertisement == null ? "" : ",\"advertisement\":" + advertisement) + "}}";
    }

    static String list(String open, String item, int count, String close) {
        StringBuilder text = new StringBuilder(open);
        for (int i = 0; i < count; i++) {
            text.append(i > 0 ? "," : "").append(item.replace("#", Integer.toString(i)));
        }
        return text.append(close).toString();
    }

    /** The heap in use after full collections: what is really held. */
    public static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The heap one peer with this advertisement takes in a node's table, measured over {@value #PEERS} of them. */
    static long measuredPerPeer(String advertisement) throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryNetwork network = new InMemoryNetwork(scheduler, 1);
        Discovery node = new Discovery(DiscoveryOptions.builder().hostName("sim").maxTableBytes(1L << 40).build(),
                network.transport("10.0.0.1"), scheduler);
        node.start();
        Transport sender = network.transport("10.0.9.9");
        sender.start((data, source) -> { });
        scheduler.runFor(Duration.ofMillis(10));
        long before = usedHeapAfterGc();
        for (int i = 0; i < PEERS; i++) {
            sender.send(hello(UUID.randomUUID().toString(), advertisement).getBytes(StandardCharsets.UTF_8), new InetSocketAddress("10.0.0.255", InMemoryNetwork.PORT));
            scheduler.runFor(Duration.ofMillis(1));
        }
        long perPeer = (usedHeapAfterGc() - before) / PEERS;
        assertThat(node.nodes()).hasSize(PEERS);
        node.stop();
        return perPeer;
    }

    static long estimated(String advertisement) {
        var tree = Json.MAPPER.readTree(hello(ID, advertisement)).get("data").get("advertisement");
        return PeerFootprint.of(ID, ID, "host-name", "10.0.9.9", PeerFootprint.advertisement(tree));
    }

    @Test
    void theEstimateStaysAboveTheMeasuredHeapForTheCostliestShapes() throws Exception {
        String[][] shapes = {
                {"no advertisement", null},
                {"a typical advertisement", "{\"name\":\"web\",\"port\":8080,\"ready\":true,\"tags\":[\"a\",\"b\"]}"},
                {"2,030 empty objects", list("[", "{}", 2_030, "]")},
                {"2,030 empty arrays", list("[", "[]", 2_030, "]")},
                {"1,010 one-field objects", list("[", "{\"k#\":1}", 1_010, "]")},
                {"4,060 short strings", list("[", "\"s#\"", 4_060, "]")},
                {"2,030 fields", list("{", "\"k#\":1", 2_030, "}")},
                {"1,800 big integers", list("[", "123456789012345678901234567890#", 1_800, "]")},
                {"20,000 non-Latin-1 characters", "\"" + "\u00e9\u4e2d".repeat(10_000) + "\""},
                {"arrays nested 60 deep", "[".repeat(60) + "]".repeat(60)},
        };
        StringBuilder report = new StringBuilder();
        for (String[] shape : shapes) {
            long measured = measuredPerPeer(shape[1]);
            long estimate = estimated(shape[1]);
            report.append(String.format("| %s | %,d | %,d | %,d |%n", shape[0], hello(ID, shape[1]).length(), measured,
                    estimate));
            // 5 % for the noise of measuring the heap.
            assertThat(estimate).as(shape[0]).isGreaterThanOrEqualTo(measured * 95 / 100);
        }
        System.out.print("| advertisement | hello bytes | measured heap per peer | estimate |\n|---|---|---|---|\n" + report);
    }
}
