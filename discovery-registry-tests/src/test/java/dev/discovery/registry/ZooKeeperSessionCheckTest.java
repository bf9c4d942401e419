package dev.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spring.registry.RegistryBackendAutoConfiguration;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

/**
 * On the registry backend with ZooKeeper, the session the server granted is what bounds crash detection: a stock server
 * grants far more than Spring Cloud ZooKeeper's users expect, and the starter says so at startup.
 */
@Tag("slow")
@ExtendWith(OutputCaptureExtension.class)
class ZooKeeperSessionCheckTest {

    private TestingServer zookeeper; // Curator's test server ticks every second: sessions of 1 to 20 s

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zookeeper.close();
    }

    @Test
    void aLongNegotiatedSessionIsWarnedAboutNamingTheSettings(CapturedOutput output) {
        runner(Duration.ofSeconds(60)).run(context -> {
            assertThat(context).hasNotFailed().hasBean("discoveryZooKeeperSessionCheck");
            assertThat(output).contains("WARN").contains("ZooKeeper granted a session timeout of 20 s")
                    .contains("spring.cloud.zookeeper.session-timeout=4s")
                    .contains("spring.cloud.zookeeper.connection-timeout=3s");
        });
    }

    @Test
    void aShortSessionIsNoWarning(CapturedOutput output) {
        runner(Duration.ofSeconds(4)).run(context -> {
            assertThat(context).hasNotFailed().hasBean("discoveryZooKeeperSessionCheck");
            assertThat(output).contains("ZooKeeper granted a session timeout of 4000 ms")
                    .doesNotContain("ZooKeeper granted a session timeout of 4 s");
        });
    }

    private ApplicationContextRunner runner(Duration session) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RegistryBackendAutoConfiguration.class,
                        DiscoveryAutoConfiguration.class))
                .withPropertyValues("discovery.backend=registry", "discovery.registry.poll-interval=1h")
                .withBean(DiscoveryClient.class, () -> new SimpleDiscoveryClient(new SimpleDiscoveryProperties()))
                .withBean(CuratorFramework.class, () -> connected(session), bean -> bean.setDestroyMethodName("close"));
    }

    private CuratorFramework connected(Duration session) {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zookeeper.getConnectString())
                .sessionTimeoutMs((int) session.toMillis()).connectionTimeoutMs(3000)
                .retryPolicy(new RetryOneTime(100)).build();
        client.start();
        try {
            assertThat(client.blockUntilConnected(30, TimeUnit.SECONDS)).as("connected to ZooKeeper").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return client;
    }
}
