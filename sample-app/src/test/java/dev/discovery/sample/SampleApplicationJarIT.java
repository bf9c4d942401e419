package dev.discovery.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The jar this build packaged starts as its own process and answers on the actuator. */
@Tag("slow")
class SampleApplicationJarIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startsFromItsJarAndAnswersOnTheActuator() throws Exception {
        Path jar = Path.of(System.getProperty("sample.jar"));
        assertThat(jar).exists();
        int serverPort = freeTcpPort();
        Path log = jar.resolveSibling("sample-app-it.log");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddiscovery.allowedDestinations=127.0.0.0/8", "-jar", jar.toString(),
                "--server.port=" + serverPort, "--discovery.port=" + freeUdpPort(),
                "--discovery.broadcast=127.255.255.255", "--discovery.service.name=orders", "--sample.partner=billing")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + serverPort;
            // A whole JVM boots here, on a possibly loaded machine: more patience than for a node.
            HttpResponse<String> health = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> get(base + "/actuator/health"), response -> true);
            // Alone, the copy misses its partner: out of service, and not ready, but alive.
            assertThat(health.statusCode()).as(Files.readString(log)).isEqualTo(503);
            assertThat(health.body()).contains("\"discovery\"", "OUT_OF_SERVICE", "\"missing\":[\"billing\"]");
            assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> discovery = get(base + "/actuator/discovery");
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.body()).contains("\"name\":\"orders\"", "\"port\":" + serverPort, "greetings");
            // The cluster page, served from the packaged jar.
            HttpResponse<String> page = get(base + "/actuator/cluster");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Cluster</title>");
        } finally {
            app.destroy(); // SIGTERM: the application closes its context and says goodbye
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
