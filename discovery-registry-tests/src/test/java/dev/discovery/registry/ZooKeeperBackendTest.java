package dev.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.spring.registry.RegistryMembership;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter on {@code discovery.backend=registry} with real parts: a three-server ZooKeeper ensemble, Spring Cloud
 * ZooKeeper discovery and Spring Integration's ZooKeeper leader initiator. One scenario, in order: readiness of an
 * application needing "worker" goes 503, 200 when a worker registers, 503 when it is killed; the lead moves when the
 * master is closed and when it is killed (bounded by the ZooKeeper session timeout); the lead stays when a ZooKeeper
 * follower is killed, and one instance leads again when the ZooKeeper quorum's leader is killed; the applications
 * keep working on two servers of three. Prints what it measures.
 */
@Tag("slow")
class ZooKeeperBackendTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    /** Room for a loaded 2-core machine; the figures printed are what counts. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private Process worker;
    private ZooKeeperEnsemble zookeeper;

    @AfterEach
    void tearDown() throws IOException {
        if (worker != null) {
            worker.destroyForcibly();
        }
        contexts.forEach(ConfigurableApplicationContext::close);
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void needsLeadAndFailoverOnAThreeServerEnsemble() throws Exception {
        zookeeper = new ZooKeeperEnsemble();

        // 503: "web" needs "worker", and there is none yet. Alone, it wins the lead.
        ConfigurableApplicationContext web = startInThisJvm("web", "test.needs=worker");
        int webPort = port(web);
        assertThat(status(webPort, "/actuator/health/readiness")).isEqualTo(503);
        assertThat(status(webPort, "/actuator/health/liveness")).isEqualTo(200);
        await().atMost(BOUND).until(() -> body(webPort, "/leader").equals("true"));
        assertThat(lead(web).promotions.get()).isEqualTo(1);
        assertThat(body(webPort, "/tick")).isEqualTo("1"); // master-only work runs on the leader

        // 200: a worker (a process of its own, to be killed later) registers; "web" is told by a ZooKeeper watch.
        int workerPort = freePort();
        worker = startProcess("worker", workerPort);
        await().atMost(BOUND).until(() -> status(workerPort, "/actuator/health/readiness") == 200);
        long registered = System.nanoTime();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> status(webPort, "/actuator/health/readiness") == 200);
        System.out.printf("[registry] worker ready -> web ready: %d ms%n", millisSince(registered));
        assertThat(body(workerPort, "/leader")).isEqualTo("false");
        assertThat(body(workerPort, "/tick")).isEqualTo("0"); // skipped on the other instance
        assertThat(web.getBean(RegistryMembership.class).nodes()) // itself left out, as on UDP
                .extracting(node -> node.advertisementMap().get("name")).containsExactly("worker");

        // The master is closed: its leader latch is released at once and the worker takes over.
        long closed = System.nanoTime();
        web.close();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> body(workerPort, "/leader").equals("true"));
        System.out.printf("[registry] master closed -> other instance leads: %d ms%n", millisSince(closed));

        // A second consumer: ready at once, since the worker is there; not the leader.
        ConfigurableApplicationContext web2 = startInThisJvm("web", "test.needs=worker");
        int web2Port = port(web2);
        await().atMost(BOUND).until(() -> status(web2Port, "/actuator/health/readiness") == 200);
        assertThat(body(web2Port, "/leader")).isEqualTo("false");

        // The master (the worker) is killed: its session expires after the session timeout, then web2 leads and,
        // its only worker gone, stops being ready.
        long killed = System.nanoTime();
        worker.destroyForcibly().waitFor();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> body(web2Port, "/leader").equals("true"));
        long failover = millisSince(killed);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> status(web2Port, "/actuator/health/readiness") == 503);
        long notReady = millisSince(killed);
        System.out.printf("[registry] master killed -> other instance leads: %d ms; -> readiness 503: %d ms "
                + "(session timeout %d ms)%n", failover, notReady, SESSION_TIMEOUT.toMillis());
        assertThat(failover).isGreaterThanOrEqualTo(SESSION_TIMEOUT.toMillis() / 2); // expiry, not a goodbye
        assertThat(lead(web2).promotions.get()).isEqualTo(1);
        assertThat(body(web2Port, "/tick")).isEqualTo("1");

        // One ZooKeeper server of three is killed: a follower the leading application is not connected to (the one
        // web3 is on when it can be). web3 reconnects within its session; web2 keeps the lead without a blip.
        ConfigurableApplicationContext web3 = startInThisJvm("web", "test.needs=worker");
        int web3Port = port(web3);
        assertThat(body(web3Port, "/leader")).isEqualTo("false");
        InstanceSpec leaderServer = connectedServer(web2);
        InstanceSpec web3Server = connectedServer(web3);
        InstanceSpec quorumLeader = zookeeper.quorumLeader();
        InstanceSpec victim = zookeeper.cluster.getInstances().stream()
                .filter(spec -> !spec.equals(leaderServer) && !spec.equals(quorumLeader))
                .min((x, y) -> Boolean.compare(!x.equals(web3Server), !y.equals(web3Server))).orElseThrow();
        long killedServer = System.nanoTime();
        assertThat(zookeeper.cluster.killServer(victim)).isTrue();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> !victim.equals(connectedServer(web3))
                && web3.getBean(CuratorFramework.class).getZookeeperClient().isConnected());
        System.out.printf("[registry] ZooKeeper follower killed (web3 was on it: %s) -> web3 connected: %d ms%n",
                victim.equals(web3Server), millisSince(killedServer));
        assertThat(body(web2Port, "/leader")).isEqualTo("true");
        assertThat(lead(web2).demotions.get()).isZero();
        assertThat(web3.getBean(RegistryMembership.class).nodes()).hasSize(1); // web2, still registered

        // Back to three, then the ZooKeeper quorum's own leader is killed: the ensemble elects another, and every
        // client is suspended meanwhile, on which Spring Integration's initiator gives the lead up. One leads again.
        assertThat(zookeeper.cluster.restartServer(victim)).isTrue();
        await().atMost(BOUND).until(() -> ZooKeeperEnsemble.mode(victim).equals("follower"));
        long killedQuorumLeader = System.nanoTime();
        assertThat(zookeeper.cluster.killServer(zookeeper.quorumLeader())).isTrue();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> lead(web2).demotions.get() > 0
                || lead(web3).promotions.get() > 0);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> body(web2Port, "/leader").equals("true") ^ body(web3Port, "/leader").equals("true"));
        System.out.printf("[registry] ZooKeeper quorum leader killed -> one instance leads again: %d ms "
                + "(web2 demoted %d times, web3 promoted %d times)%n", millisSince(killedQuorumLeader),
                lead(web2).demotions.get(), lead(web3).promotions.get());
        assertThat(web3.getBean(RegistryMembership.class).nodes()).hasSize(1);
        ConfigurableApplicationContext master = body(web2Port, "/leader").equals("true") ? web2 : web3;
        ConfigurableApplicationContext standby = master == web2 ? web3 : web2;
        int standbyPort = port(standby);

        long closedOnTwo = System.nanoTime();
        master.close();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> body(standbyPort, "/leader").equals("true"));
        System.out.printf("[registry] on 2 of 3 ZooKeeper servers, master closed -> other instance leads: %d ms%n",
                millisSince(closedOnTwo));
        assertThat(body(standbyPort, "/tick")).isNotEqualTo("0");
        assertThat(status(standbyPort, "/actuator/health/readiness")).isEqualTo(503); // still no worker
    }

    private InstanceSpec connectedServer(ConfigurableApplicationContext context) {
        try {
            return zookeeper.cluster.findConnectionInstance(context.getBean(CuratorFramework.class)
                    .getZookeeperClient().getZooKeeper());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigurableApplicationContext startInThisJvm(String name, String... extra) {
        List<String> properties = new ArrayList<>(properties(name, 0));
        properties.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RegistryApplication.class)
                .properties(properties.toArray(String[]::new)).run();
        contexts.add(context);
        return context;
    }

    private Process startProcess(String name, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Ddiscovery.allowedDestinations=127.0.0.0/8", "-cp", System.getProperty("java.class.path"),
                RegistryApplication.class.getName()));
        properties(name, port).forEach(p -> command.add("--" + p));
        File log = new File("target/registry-" + name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private List<String> properties(String name, int port) {
        return List.of(
                "spring.application.name=" + name,
                "discovery.backend=registry",
                "server.address=127.0.0.1",
                "server.port=" + port,
                "spring.main.banner-mode=off",
                // The module also holds the PostgreSQL test; these applications have no database.
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "spring.cloud.zookeeper.connect-string=" + zookeeper.connectString(),
                "spring.cloud.zookeeper.session-timeout=" + SESSION_TIMEOUT.toMillis() + "ms",
                "spring.cloud.zookeeper.connection-timeout=3s",
                "spring.cloud.zookeeper.discovery.instance-host=127.0.0.1",
                "spring.cloud.zookeeper.discovery.prefer-ip-address=true");
    }

    private static RegistryApplication.Lead lead(ConfigurableApplicationContext context) {
        return context.getBean(RegistryApplication.Lead.class);
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private int status(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening (yet, or any more)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(int port, String path) {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
