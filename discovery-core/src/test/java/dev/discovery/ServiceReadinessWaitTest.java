package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Waiting until every need is met: whenReady and awaitReady, on the in-memory network with a virtual clock. */
class ServiceReadinessWaitTest {

    private final SimCluster cluster = new SimCluster(95);
    private final ServiceDiscovery web = services(1, "web");

    private ServiceDiscovery services(int n, String name) {
        ServiceDiscovery services = new ServiceDiscovery(cluster.add(n).discovery);
        services.advertise(Map.of("name", name));
        return services;
    }

    private void run(long millis) {
        cluster.run(Duration.ofMillis(millis));
    }

    @Test
    void whenReadyCompletesWithTheServicesOnceEveryNeedIsMet() {
        web.need("billing");
        CompletableFuture<Map<String, List<ServiceInstance>>> ready = web.whenReady();
        web.start();
        run(1200);
        assertThat(ready).isNotDone();

        services(2, "billing").start();
        run(10);
        assertThat(ready).isCompleted();
        assertThat(ready.join()).containsOnlyKeys("billing");
        assertThat(web.whenReady()).as("already ready: at once").isCompleted();
    }

    @Test
    void aCancelledWaitNoLongerListens() {
        web.need("billing");
        CompletableFuture<Map<String, List<ServiceInstance>>> ready = web.whenReady();
        ready.cancel(false);
        web.start();
        services(2, "billing").start();
        run(1200);
        assertThat(web.isReady()).isTrue();
        assertThat(ready).isCancelled();
    }

    @Test
    void awaitReadyAnswersFalseAfterTheTimeoutNamingNothingMore() throws InterruptedException {
        web.need("billing");
        web.start();
        run(1200);
        assertThat(web.awaitReady(Duration.ofMillis(50))).isFalse();
        assertThat(web.missing()).containsExactly("billing");
    }

    @Test
    void awaitReadyReturnsOnceAnotherThreadMakesItReady() throws Exception {
        web.need("billing");
        web.start();
        services(2, "billing").start();
        // The virtual clock runs on another thread, which delivers the events, as a node's event thread would.
        ExecutorService clockThread = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> clock = CompletableFuture.runAsync(() -> run(1200), clockThread);
            assertThat(web.awaitReady(Duration.ofSeconds(30))).isTrue();
            clock.get();
        } finally {
            clockThread.shutdownNow();
        }
        assertThat(web.awaitReady(Duration.ZERO)).as("already ready: no wait").isTrue();
    }
}
