package dev.discovery.cloudtests;

import static dev.discovery.cloudtests.Apps.instanceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * With the starter's defaults, every kind of {@code @LoadBalanced} client retries an idempotent call on another
 * instance when the one it chose refuses the connection. The refusing instance is a crashed one as callers see it
 * until discovery removes it: a node that advertises "callee" on a port where nothing listens.
 */
@Tag("slow")
class RetryElsewhereTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int CALLS = 20;

    private final Apps apps = new Apps();

    @AfterEach
    void close() {
        apps.close();
    }

    @Test
    void getsGoToAnotherInstanceWhenTheChosenOneRefusesWithEveryClientKind() throws IOException {
        String live = instanceId(apps.callee());
        refusingInstance();
        ConfigurableApplicationContext caller = callerSeeingTwoInstances();
        RestClient rest = caller.getBean(RestClient.class);
        RestTemplate template = caller.getBean(RestTemplate.class);
        WebClient web = caller.getBean(WebClient.class);

        assertThat(calls(() -> rest.get().uri("/whoami").retrieve().body(String.class)))
                .as("RestClient").containsOnly(live).hasSize(CALLS);
        assertThat(calls(() -> template.getForObject("http://callee/whoami", String.class)))
                .as("RestTemplate").containsOnly(live).hasSize(CALLS);
        assertThat(calls(() -> web.get().uri("/whoami").retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(10)))).as("WebClient").containsOnly(live).hasSize(CALLS);
    }

    @Test
    void aPostIsNotRetriedUnlessTheApplicationSaysSo() throws IOException {
        String live = instanceId(apps.callee());
        refusingInstance();
        RestClient rest = callerSeeingTwoInstances().getBean(RestClient.class);
        // Round robin over two instances: one of two calls in a row goes to the refusing one, and is not retried.
        Throwable failure = catchThrowable(() -> {
            for (int i = 0; i < 2; i++) {
                rest.post().uri("/whoami").retrieve().body(String.class);
            }
        });
        assertThat(failure).isInstanceOf(ResourceAccessException.class);

        RestClient retryingAll = callerSeeingTwoInstances("spring.cloud.loadbalancer.retry.retry-on-all-operations=true")
                .getBean(RestClient.class);
        assertThat(calls(() -> retryingAll.post().uri("/whoami").retrieve().body(String.class)))
                .containsOnly(live).hasSize(CALLS);
    }

    private static List<String> calls(Supplier<String> call) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            answers.add(call.get());
        }
        return answers;
    }

    /** A node advertising "callee" on a loopback port where nothing listens: it refuses every connection. */
    private void refusingInstance() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        apps.start(CalleeApplication.class, WebApplicationType.NONE, "spring.application.name=callee",
                "discovery.service.name=callee", "discovery.service.host=127.0.0.1",
                "discovery.service.port=" + closedPort);
    }

    private ConfigurableApplicationContext callerSeeingTwoInstances(String... properties) {
        ConfigurableApplicationContext caller = apps.caller(properties);
        DiscoveryClient client = caller.getBean(DiscoveryClient.class);
        await().atMost(PATIENCE).until(() -> client.getInstances("callee").size() == 2);
        return caller;
    }
}
