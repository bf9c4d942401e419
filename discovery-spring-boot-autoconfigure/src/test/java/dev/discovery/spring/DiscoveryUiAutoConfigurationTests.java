package dev.discovery.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import dev.discovery.spring.ui.ClusterPageEndpoint;
import dev.discovery.spring.ui.DiscoveryUiAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;

/** When the cluster page is configured, and what a half-configured one says at startup. */
@ExtendWith(OutputCaptureExtension.class)
class DiscoveryUiAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
                    DiscoveryUiAutoConfiguration.class))
            .withPropertyValues(Loopback.properties(Loopback.freePort()));

    @Test
    void offByDefault() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=*").run(context -> assertThat(context)
                .doesNotHaveBean(ClusterPageEndpoint.class).doesNotHaveBean("discoveryClusterView")
                .doesNotHaveBean("discoveryClusterFeed"));
    }

    @Test
    void enabledAndExposedServesThePageAndRunsTheFeed() {
        runner.withPropertyValues("discovery.ui.enabled=true", "management.endpoints.web.exposure.include=cluster")
                .run(context -> {
                    assertThat(context).hasSingleBean(ClusterPageEndpoint.class).hasBean("discoveryClusterView");
                    assertThat(context.getBean(ClusterPageEndpoint.class).page()).contains("<title>Cluster</title>");
                    assertThat(context.getBean("discoveryClusterFeed", SmartLifecycle.class).isRunning()).isTrue();
                });
    }

    @Test
    void enabledButNotExposedSaysHowToExposeIt(CapturedOutput output) {
        runner.withPropertyValues("discovery.ui.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ClusterPageEndpoint.class);
            assertThat(output).contains("discovery.ui.enabled is true, but the actuator endpoint 'cluster' is not "
                    + "available: add it to management.endpoints.web.exposure.include");
        });
    }

    @Test
    void enabledWithoutTheActuatorSaysItIsNeeded(CapturedOutput output) {
        runner.withPropertyValues("discovery.ui.enabled=true")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("add spring-boot-starter-actuator to serve it");
                });
    }

    @Test
    void withoutDiscoveryThereIsNoPage() {
        runner.withPropertyValues("discovery.enabled=false", "discovery.ui.enabled=true",
                "management.endpoints.web.exposure.include=*").run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ClusterPageEndpoint.class).doesNotHaveBean("discoveryClusterView"));
    }

    @Test
    void theFeedStopsWithTheApplication() {
        runner.withPropertyValues("discovery.ui.enabled=true", "management.endpoints.web.exposure.include=cluster")
                .run(context -> {
                    SmartLifecycle feed = context.getBean("discoveryClusterFeed", SmartLifecycle.class);
                    context.close();
                    assertThat(feed.isRunning()).isFalse();
                });
    }
}
