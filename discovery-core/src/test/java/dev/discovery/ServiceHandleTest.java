package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A live handle on one service, on the in-memory network with a virtual clock. */
class ServiceHandleTest {

    private final SimCluster cluster = new SimCluster(90);
    private final ServiceDiscovery web = services(1, "web");
    private final ServiceHandle billing = web.service("billing");

    private ServiceDiscovery services(int n, String name) {
        ServiceDiscovery services = new ServiceDiscovery(cluster.add(n).discovery);
        services.advertise(Map.of("name", name, "port", 8000 + n));
        return services;
    }

    private void run(long millis) {
        cluster.run(Duration.ofMillis(millis));
    }

    @Test
    void oneHandlePerNameAndItDoesNotMakeTheServiceNeeded() {
        assertThat(web.service("billing")).isSameAs(billing);
        assertThat(billing.name()).isEqualTo("billing");
        assertThat(web.needs()).isEmpty();
        assertThatThrownBy(() -> web.service(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void choosesAvailableInstancesInTurn() {
        web.start();
        run(10);
        assertThat(billing.isAvailable()).isFalse();
        assertThat(billing.choose()).isEmpty();

        services(2, "billing").start();
        services(3, "billing").start();
        services(4, "stock").start();
        run(1200);
        assertThat(billing.isAvailable()).isTrue();
        assertThat(billing.instances()).extracting(ServiceInstance::nodeId).containsExactly("node-0002", "node-0003");
        assertThat(List.of(billing.choose(), billing.choose(), billing.choose(), billing.choose()))
                .map(chosen -> chosen.orElseThrow().nodeId())
                .containsExactly("node-0002", "node-0003", "node-0002", "node-0003");
    }

    @Test
    void whenAvailableCompletesWithTheFirstInstanceOrAtOnce() {
        web.start();
        CompletableFuture<ServiceInstance> first = billing.whenAvailable();
        run(1200);
        assertThat(first).isNotDone();

        services(2, "billing").start();
        run(10);
        assertThat(first).isCompletedWithValueMatching(instance -> instance.port().getAsInt() == 8002);
        assertThat(billing.whenAvailable()).isCompletedWithValueMatching(i -> i.nodeId().equals("node-0002"));
    }

    @Test
    void listenersHearOnlyTheirServiceAndOneThatThrowsDoesNotSilenceTheOthers() {
        List<ServiceEvent> heard = new CopyOnWriteArrayList<>();
        billing.addListener(event -> { throw new IllegalStateException("listener bug"); });
        billing.addListener(heard::add);
        web.setup("billing", instance -> CompletableFuture.failedFuture(new IllegalStateException("not yet")));
        web.start();
        ServiceDiscovery billingService = services(2, "billing");
        billingService.start();
        services(3, "stock").start();
        run(1200);
        assertThat(heard).isNotEmpty().allSatisfy(event -> assertThat(event)
                .isInstanceOfSatisfying(ServiceEvent.SetupFailed.class,
                        failed -> assertThat(failed.instance().name()).isEqualTo("billing")));

        ServiceDiscovery plain = services(4, "web");
        ServiceHandle plainBilling = plain.service("billing");
        List<ServiceEvent> plainHeard = new CopyOnWriteArrayList<>();
        plainBilling.addListener(plainHeard::add);
        plain.start();
        run(1200);
        billingService.advertise(Map.of("name", "billing", "port", 9000));
        run(10);
        billingService.stop();
        run(10);
        assertThat(plainHeard).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("InstanceAdded", "InstanceUpdated", "InstanceRemoved");
        assertThat(plainBilling.removeListener(plainHeard::add)).isFalse(); // another lambda: not registered
    }
}
