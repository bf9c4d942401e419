package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three services on real sockets over loopback, each needing the others, reach ready. */
class ServiceDiscoveryUdpTest {

    private final List<ServiceDiscovery> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(ServiceDiscovery::stop);
    }

    @Test
    void threeServicesNeedingEachOtherReachReady() {
        int port = Loopback.freePort();
        List<ServiceEvent> webEvents = new CopyOnWriteArrayList<>();
        String[][] layout = {{"web", "api", "db"}, {"api", "db"}, {"db"}};
        for (String[] row : layout) {
            ServiceDiscovery services = new ServiceDiscovery(new Discovery(Loopback.options(port).build()));
            services.advertise(Map.of("name", row[0], "port", 8000 + started.size()));
            for (int i = 1; i < row.length; i++) {
                services.need(row[i]);
            }
            if (row[0].equals("web")) {
                services.setup("db", instance -> CompletableFuture.completedFuture(instance.host()));
                services.addListener(webEvents::add);
            }
            started.add(services);
        }
        started.forEach(ServiceDiscovery::start);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (ServiceDiscovery services : started) {
                assertThat(services.isReady()).isTrue();
            }
            // Events reach listeners on the node's event thread, a moment after the state they tell of.
            assertThat(webEvents).last().isInstanceOf(ServiceEvent.Ready.class);
        });
        assertThat(started.get(0).services()).containsOnlyKeys("api", "db");

        started.get(2).stop();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(started.get(0).isReady()).isFalse();
            assertThat(started.get(0).missing()).containsExactly("db");
            assertThat(started.get(1).missing()).containsExactly("db");
        });
    }
}
