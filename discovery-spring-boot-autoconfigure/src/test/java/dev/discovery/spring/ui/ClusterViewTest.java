package dev.discovery.spring.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the cluster page is given, from a small cluster on the in-memory network and a virtual clock. */
class ClusterViewTest {

    private final VirtualScheduler clock = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(clock, 7);

    private Discovery node(String address, double weight) {
        DiscoveryOptions options = DiscoveryOptions.builder().hostName("host-" + address).weight(weight)
                .helloInterval(Duration.ofMillis(500)).checkInterval(Duration.ofSeconds(1))
                .nodeTimeout(Duration.ofSeconds(2)).masterTimeout(Duration.ofSeconds(3)).build();
        return new Discovery(options, network.transport(address), clock);
    }

    @Test
    void showsNodesMastersServicesWithReasonsNeedsPacketsAndATimelineNewestFirst() {
        ServiceDiscovery observer = new ServiceDiscovery(node("10.0.0.1", 10));
        // The instance on port 2 cannot be set up: it stays unavailable, and the page says why.
        observer.setup("billing", instance -> instance.port().orElse(0) == 2
                ? CompletableFuture.failedFuture(new IllegalStateException("connection refused"))
                : CompletableFuture.completedFuture(null));
        ClusterView view = new ClusterView(observer);
        observer.start();
        clock.runFor(Duration.ofMillis(1500)); // alone at its first election: master, and the others join a sitting master
        Discovery billing = node("10.0.0.2", 100);
        billing.advertise(Map.of("name", "billing", "port", 1));
        Discovery resting = node("10.0.0.3", 1);
        resting.advertise(Map.of("name", "billing", "port", 3, "ready", false));
        Discovery failing = node("10.0.0.4", 1);
        failing.advertise(Map.of("name", "billing", "port", 2));
        List.of(billing, resting, failing).forEach(Discovery::start);
        clock.runFor(Duration.ofSeconds(3));

        ClusterSnapshot snapshot = view.snapshot();
        String self = observer.discovery().id();
        assertThat(snapshot.selfId()).isEqualTo(self);
        assertThat(snapshot.now()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(snapshot.running()).isTrue();
        assertThat(snapshot.nodes()).extracting(ClusterSnapshot.NodeRow::id)
                .containsExactlyInAnyOrder(self, billing.id(), resting.id(), failing.id());
        assertThat(snapshot.nodes().get(0).self()).isTrue();
        assertThat(snapshot.masters()).containsExactly(self);
        ClusterSnapshot.NodeRow billingRow = row(snapshot, billing.id());
        assertThat(billingRow.hostName()).isEqualTo("host-10.0.0.2");
        assertThat(billingRow.address()).isEqualTo("10.0.0.2");
        assertThat(billingRow.service()).isEqualTo("billing");
        assertThat(billingRow.weight()).isEqualTo(100);
        assertThat(billingRow.timeout()).isEqualTo(2000);
        assertThat(billingRow.lastSeen()).isBetween(snapshot.now() - 500, snapshot.now());
        assertThat(row(snapshot, self).timeout()).isEqualTo(3000); // a master may stay silent for masterTimeout

        assertThat(snapshot.services()).singleElement().satisfies(service -> {
            assertThat(service.name()).isEqualTo("billing");
            assertThat(service.needed()).isTrue();
            assertThat(service.available()).extracting(ClusterSnapshot.Instance::nodeId).containsExactly(billing.id());
            assertThat(service.unavailable()).extracting(ClusterSnapshot.Instance::nodeId, ClusterSnapshot.Instance::reason)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(resting.id(), "not ready (advertises ready: false)"),
                            org.assertj.core.groups.Tuple.tuple(failing.id(), "setup failing: "
                                    + "java.lang.IllegalStateException: connection refused (attempt 2, next in 2.0 s)"));
        });
        assertThat(snapshot.needs()).containsExactly(new ClusterSnapshot.Need("billing", true));
        assertThat(snapshot.ready()).isTrue();
        assertThat(snapshot.packets().received()).isPositive();
        assertThat(snapshot.packets().sent()).isPositive();
        assertThat(snapshot.packets().dropped()).containsKeys("own", "malformed", "decrypt_failed", "table_full");

        assertThat(texts(snapshot)).contains("this node became master",
                "billing on host-10.0.0.2 (10.0.0.2) joined",
                "billing on host-10.0.0.2 (10.0.0.2) available",
                "ready: every needed service is available");
        assertNewestFirst(snapshot);

        // A heavier node takes over, one node falls silent, another says goodbye.
        billing.promote();
        network.isolate("10.0.0.4");
        clock.runFor(Duration.ofSeconds(1));
        billing.stop();
        clock.runFor(Duration.ofSeconds(3));

        ClusterSnapshot later = view.snapshot();
        assertThat(later.nodes()).extracting(ClusterSnapshot.NodeRow::id).containsExactly(self, resting.id());
        assertThat(later.ready()).isFalse();
        assertThat(later.needs()).containsExactly(new ClusterSnapshot.Need("billing", false));
        assertThat(texts(later)).contains(
                "billing on host-10.0.0.2 (10.0.0.2) became master",
                "this node stepped down as master",
                "billing on host-10.0.0.4 (10.0.0.4) timed out (nothing heard for 2.0 s)",
                "billing on host-10.0.0.2 (10.0.0.2) left (said goodbye)",
                "billing on host-10.0.0.2 (10.0.0.2) no longer available",
                "not ready: no available instance of billing");
        assertThat(texts(later).indexOf("not ready: no available instance of billing"))
                .isLessThan(texts(later).indexOf("billing on host-10.0.0.2 (10.0.0.2) left (said goodbye)"));
        assertNewestFirst(later);

        ClusterSnapshot.Heard heard = view.heard();
        assertThat(heard.now()).isEqualTo(clock.instant().toEpochMilli());
        assertThat(heard.lastSeen()).containsOnlyKeys(resting.id());
        assertThat(heard.packets().received()).isGreaterThan(snapshot.packets().received());

        view.close();
        observer.stop();
        resting.stop();
    }

    @Test
    void theTimelineSaysWhoSuspectedACrashedNodeAndWhoConfirmedIt() {
        ServiceDiscovery observer = new ServiceDiscovery(node("10.0.0.1", 10));
        ClusterView view = new ClusterView(observer);
        Discovery helper = node("10.0.0.2", 1);
        Discovery crashed = node("10.0.0.3", 1);
        observer.start();
        List.of(helper, crashed).forEach(Discovery::start);
        clock.runFor(Duration.ofMillis(3200));

        network.isolate("10.0.0.3");
        assertThat(observer.discovery().reportUnreachable(crashed.id())).isTrue();
        clock.runFor(Duration.ofMillis(400));

        assertThat(texts(view.snapshot())).contains("host-10.0.0.3 (10.0.0.3) removed: suspected by this node (a call "
                + "could not reach it), confirmed by host-10.0.0.2 (10.0.0.2), this node (no answer to their probes)");
        view.close();
        List.of(observer.discovery(), helper, crashed).forEach(Discovery::stop);
    }

    private static ClusterSnapshot.NodeRow row(ClusterSnapshot snapshot, String id) {
        return snapshot.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> texts(ClusterSnapshot snapshot) {
        return snapshot.timeline().stream().map(ClusterSnapshot.Entry::text).toList();
    }

    private static void assertNewestFirst(ClusterSnapshot snapshot) {
        List<Long> times = snapshot.timeline().stream().map(ClusterSnapshot.Entry::at).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }
}
