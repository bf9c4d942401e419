package dev.discovery.cloudtests;

import static dev.discovery.cloudtests.Apps.instanceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An application calls another by name through a {@code @LoadBalanced} RestClient and WebClient, over HTTP on
 * loopback. Calls spread over every instance; while one instance stops gracefully under steady calls, not one call
 * fails; a new instance gets calls as soon as it is there.
 */
@Tag("slow")
class LoadBalancedCallsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Apps apps = new Apps();

    @AfterEach
    void close() {
        apps.close();
    }

    @Test
    void callsByNameReachEveryInstanceAndNoneGoesToAStoppedOne() throws Exception {
        ConfigurableApplicationContext one = apps.callee();
        ConfigurableApplicationContext two = apps.callee();
        String stoppedId = instanceId(one);
        ConfigurableApplicationContext caller = apps.caller();
        RestClient rest = caller.getBean(RestClient.class);
        WebClient web = caller.getBean(WebClient.class);

        Set<String> byRest = new HashSet<>();
        Set<String> byWeb = new HashSet<>();
        // Both clients share the service's round robin: each makes two calls in a row. Until the caller has heard a
        // callee, a call fails ("No servers available"): the caller does not need the service, so nothing waits for it.
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            for (int i = 0; i < 2; i++) {
                byRest.add(rest.get().uri("/whoami").retrieve().body(String.class));
            }
            for (int i = 0; i < 2; i++) {
                byWeb.add(web.get().uri("/whoami").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)));
            }
            return byRest.size() == 2 && byWeb.size() == 2;
        });
        assertThat(byRest).containsExactlyInAnyOrder(instanceId(one), instanceId(two));
        assertThat(byWeb).isEqualTo(byRest);

        try (Load load = new Load("caller", i -> i % 2 == 0
                ? rest.get().uri("/whoami").retrieve().body(String.class)
                : web.get().uri("/whoami").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)),
                100_000, Duration.ofMinutes(3))) {
            await().atMost(PATIENCE).until(() -> load.succeededAfter(0) >= 50);
            one.close(); // graceful: withdrawn, goodbye, drain, then the web server stops
            long stopped = System.nanoTime();
            await().atMost(PATIENCE).until(() -> load.succeededAfter(stopped) >= 50);

            ConfigurableApplicationContext three = apps.callee();
            long started = System.nanoTime();
            await().atMost(PATIENCE).until(() -> load.answeredAfter(started).contains(instanceId(three)));
            load.close();

            assertThat(load.failures()).as("failed calls").isEmpty();
            assertThat(load.answeredAfter(stopped)).as("calls after the stop").doesNotContain(stoppedId);
            assertThat(load.calls()).hasSizeGreaterThan(100);
        }
    }
}
