package dev.discovery.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import reactor.core.Disposable;

/**
 * Spring Cloud's views (DiscoveryClient, the load balancer's instance list, HeartbeatEvent) follow membership on a
 * virtual clock: every way an instance stops being available takes it out of the list at the instant the node learns
 * it, not at a later refresh.
 */
class MembershipFollowingTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    private final VirtualScheduler clock = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(clock, 7);
    private final List<ServiceDiscovery> started = new ArrayList<>();

    private final ServiceDiscovery caller = node("10.0.0.1", null);
    private final ServiceDiscoveryClient client = new ServiceDiscoveryClient(caller, 0);
    private final MembershipInstanceListSupplier billing = new MembershipInstanceListSupplier(caller, "billing", null);
    private final List<List<String>> published = new CopyOnWriteArrayList<>();
    private final List<Object> heartbeats = new CopyOnWriteArrayList<>();
    private final Disposable subscription = billing.get().subscribe(list -> published.add(ids(list)));

    MembershipFollowingTest() {
        new MembershipHeartbeat(caller, event -> heartbeats.add(((HeartbeatEvent) event).getValue()));
    }

    @AfterEach
    void stop() {
        subscription.dispose();
        billing.destroy();
        started.forEach(ServiceDiscovery::stop);
    }

    @Test
    void anInstanceIsListedWithWhatItAdvertises() {
        ServiceDiscovery one = node("10.0.0.2", Map.of("name", "billing", "port", 8081, "zone", "eu-1",
                "management.port", 9081));
        node("10.0.0.3", Map.of("name", "audit", "host", "audit.local", "scheme", "https"));
        clock.runFor(Duration.ofMillis(10));

        assertThat(client.getServices()).containsExactlyInAnyOrder("billing", "audit");
        ServiceInstance billing1 = client.getInstances("billing").get(0);
        assertThat(billing1.getInstanceId()).isEqualTo(one.discovery().id());
        assertThat(billing1.getServiceId()).isEqualTo("billing");
        assertThat(billing1.getHost()).isEqualTo("10.0.0.2");
        assertThat(billing1.getPort()).isEqualTo(8081);
        assertThat(billing1.isSecure()).isFalse();
        assertThat(billing1.getUri()).isEqualTo(URI.create("http://10.0.0.2:8081"));
        assertThat(billing1.getMetadata()).containsEntry("zone", "eu-1").containsEntry("management.port", "9081")
                .doesNotContainKeys("name", "port");

        ServiceInstance audit = client.getInstances("audit").get(0);
        assertThat(audit.getUri()).isEqualTo(URI.create("https://audit.local:443"));
        assertThat(audit.getScheme()).isEqualTo("https");
        assertThat(client.getInstances("nobody")).isEmpty();
    }

    @Test
    void goodbyeReadyFalseAndTimeoutRemoveAnInstanceTheMomentTheyAreKnown() {
        ServiceDiscovery one = node("10.0.0.2", Map.of("name", "billing", "port", 8081));
        ServiceDiscovery two = node("10.0.0.3", Map.of("name", "billing", "port", 8082));
        ServiceDiscovery three = node("10.0.0.4", Map.of("name", "billing", "port", 8083));
        clock.runFor(Duration.ofMillis(10));
        assertThat(current()).containsExactlyInAnyOrder(id(one), id(two), id(three));
        int heartbeatsSoFar = heartbeats.size();

        one.stop(); // goodbye
        clock.runFor(Duration.ofMillis(1));
        assertThat(current()).containsExactlyInAnyOrder(id(two), id(three));
        assertThat(client.getInstances("billing")).extracting(ServiceInstance::getInstanceId)
                .containsExactlyInAnyOrder(id(two), id(three));

        two.advertise(Map.of("name", "billing", "port", 8082, "ready", false));
        clock.runFor(Duration.ofMillis(1));
        assertThat(current()).containsExactly(id(three));

        // A crash, no goodbye: its last hello came at most one hello interval (1 s) before, so it is removed between
        // 1 s and nodeTimeout after, never later.
        long crashedAt = clock.millis();
        network.isolate("10.0.0.4");
        clock.runUntil(crashedAt + NODE_TIMEOUT.toMillis() - 1_001);
        assertThat(current()).containsExactly(id(three));
        clock.runUntil(crashedAt + NODE_TIMEOUT.toMillis() + 1);
        assertThat(current()).isEmpty();

        // Every change was published once, as it happened, and each told Gateway and Admin with a new value.
        assertThat(published).endsWith(List.of(id(two), id(three)), List.of(id(three)), List.of());
        assertThat(heartbeats.subList(heartbeatsSoFar, heartbeats.size())).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void anInstanceWhoseSetupFailsIsNotOffered() {
        ServiceDiscovery one = node("10.0.0.2", Map.of("name", "billing", "port", 8081));
        ServiceDiscovery two = node("10.0.0.3", Map.of("name", "billing", "port", 8082));
        caller.setup("billing", instance -> instance.port().orElse(0) == 8082
                ? CompletableFuture.failedFuture(new IllegalStateException("no pool"))
                : CompletableFuture.completedFuture(null));
        clock.runFor(Duration.ofMillis(10));

        assertThat(current()).containsExactly(id(one));
        assertThat(client.getInstances("billing")).extracting(ServiceInstance::getInstanceId).containsExactly(id(one));
        assertThat(caller.discovery().node(id(two))).isPresent();
    }

    @Test
    void aNewInstanceIsOfferedAsSoonAsItIsHeard() {
        clock.runFor(Duration.ofMillis(10));
        assertThat(current()).isEmpty();
        ServiceDiscovery one = node("10.0.0.2", Map.of("name", "billing", "port", 8081));
        clock.runFor(Duration.ofMillis(1));
        assertThat(current()).containsExactly(id(one));
        assertThat(published).containsExactly(List.of(), List.of(id(one)));
    }

    @Test
    void anInstanceACallCouldNotReachIsLeftOutUntilDiscoveryFindsItAnswering() {
        UnreachableInstances unreachable = new UnreachableInstances(caller.discovery());
        MembershipInstanceListSupplier excluding = new MembershipInstanceListSupplier(caller, "billing", unreachable);
        ServiceDiscovery one = node("10.0.0.2", Map.of("name", "billing", "port", 8081));
        ServiceDiscovery two = node("10.0.0.3", Map.of("name", "billing", "port", 8081));
        clock.runFor(Duration.ofSeconds(3)); // established, and known to speak the suspicion protocol
        List<List<String>> lists = new CopyOnWriteArrayList<>();
        Disposable watching = excluding.get().subscribe(list -> lists.add(ids(list)));

        // A call to "one" was refused, but it answers the probes: left out at once, back once it answered.
        unreachable.unreachable(id(one));
        assertThat(lists.get(lists.size() - 1)).containsExactly(id(two));
        clock.runFor(Duration.ofMillis(200));
        assertThat(lists.get(lists.size() - 1)).containsExactlyInAnyOrder(id(one), id(two));

        // Every instance unreachable: trying one beats failing every call at once.
        unreachable.unreachable(id(two));
        network.isolate("10.0.0.3");
        clock.runFor(Duration.ofMillis(10));
        unreachable.unreachable(id(one));
        assertThat(lists.get(lists.size() - 1)).isNotEmpty();
        // "two" crashed as far as anyone can tell: removed by suspicion, long before the node timeout.
        clock.runFor(Duration.ofMillis(400));
        assertThat(caller.discovery().node(id(two))).isEmpty();
        watching.dispose();
        excluding.destroy();
        unreachable.destroy();
    }

    private ServiceDiscovery node(String address, Map<String, Object> advertisement) {
        DiscoveryOptions options = DiscoveryOptions.builder().hostName("sim").nodeTimeout(NODE_TIMEOUT).build();
        ServiceDiscovery services = new ServiceDiscovery(new Discovery(options, network.transport(address), clock));
        if (advertisement != null) {
            services.advertise(advertisement);
        }
        services.start();
        started.add(services);
        return services;
    }

    private List<String> current() {
        return ids(billing.get().blockFirst());
    }

    private static List<String> ids(List<ServiceInstance> instances) {
        return instances.stream().map(ServiceInstance::getInstanceId).toList();
    }

    private static String id(ServiceDiscovery services) {
        return services.discovery().id();
    }
}
