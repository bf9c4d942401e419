package dev.discovery.cloudtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.RemovalReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One of three instances is killed with SIGKILL (no goodbye, connections refused or reset) while a caller makes steady
 * GETs through a {@code @LoadBalanced} RestClient, RestTemplate and WebClient in turn: with the starter's defaults not
 * one call fails, and the dead instance is removed by suspicion (the caller's failed call, confirmed by the members),
 * not at the node timeout, from every node's table.
 */
@Tag("slow")
class CrashUnderTrafficTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Apps apps = new Apps();

    @AfterEach
    void close() {
        apps.close();
    }

    @Test
    void killingOneOfThreeInstancesFailsNoIdempotentCall() throws Exception {
        List<ConfigurableApplicationContext> nodes = new ArrayList<>(List.of(apps.callee(), apps.callee()));
        Process doomed = apps.calleeProcess();
        ConfigurableApplicationContext caller = apps.caller();
        nodes.add(caller);
        Map<String, List<DiscoveryEvent.NodeRemoved>> removals = new ConcurrentHashMap<>();
        for (ConfigurableApplicationContext node : nodes) {
            node.getBean(Discovery.class).addListener(event -> {
                if (event instanceof DiscoveryEvent.NodeRemoved removed) {
                    removals.computeIfAbsent(removed.node().id(), id -> new CopyOnWriteArrayList<>()).add(removed);
                }
            });
        }
        DiscoveryClient discovery = caller.getBean(DiscoveryClient.class);
        await().atMost(PATIENCE).until(() -> discovery.getInstances("callee").size() == 3);
        String doomedId = discovery.getInstances("callee").stream().map(ServiceInstance::getInstanceId)
                .filter(id -> apps.inProcessIds().stream().noneMatch(id::equals)).findFirst().orElseThrow();

        RestClient rest = caller.getBean(RestClient.class);
        RestTemplate template = caller.getBean(RestTemplate.class);
        WebClient web = caller.getBean(WebClient.class);
        try (Load load = new Load("caller", i -> switch (i % 3) {
            case 0 -> rest.get().uri("/whoami").retrieve().body(String.class);
            case 1 -> template.getForObject("http://callee/whoami", String.class);
            default -> web.get().uri("/whoami").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        }, 1_000_000, Duration.ofMinutes(3))) {
            // Long enough under load for the doomed node to have announced that it speaks the suspicion protocol (when
            // it established its members, at most once per node timeout): only such nodes are checked.
            await().atMost(PATIENCE).until(() -> load.answeredAfter(0).stream().filter(doomedId::equals).count() >= 50);
            doomed.destroyForcibly(); // SIGKILL
            long killed = System.nanoTime();
            await().atMost(PATIENCE).until(() -> nodes.stream()
                    .allMatch(n -> n.getBean(Discovery.class).node(doomedId).isEmpty()));
            long removed = System.nanoTime();
            await().atMost(PATIENCE).until(() -> load.succeededAfter(removed) >= 50);
            load.close();

            System.out.printf("kill -9 under traffic: %d calls, %d after the kill, dead instance out of "
                    + "every node's table after %d ms%n", load.calls().size(), load.answeredAfter(killed).size(),
                    (removed - killed) / 1_000_000);
            assertThat(instanceIds(discovery)).doesNotContain(doomedId);
            assertThat(load.failures()).as("failed calls").isEmpty();
            assertThat(load.answeredAfter(killed)).as("calls after the kill").isNotEmpty();
            assertThat(removals.get(doomedId)).as("removals of the killed instance").hasSize(nodes.size())
                    .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RemovalReason.SUSPECTED));
        }
    }

    private static List<String> instanceIds(DiscoveryClient discovery) {
        return discovery.getInstances("callee").stream().map(ServiceInstance::getInstanceId).toList();
    }
}
