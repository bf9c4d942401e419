package dev.discovery.spring.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A discovery.* key that no property has fails startup naming the nearest valid key; valid keys come from metadata. */
class UnknownPropertyCheckTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(UnknownPropertyCheckAutoConfiguration.class));

    @Test
    void aTypoFailsStartupNamingTheNearestValidKey() {
        runner.withPropertyValues("discovery.helo-interval=5s").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("discovery.helo-interval")
                    .contains("did you mean discovery.hello-interval?");
            assertThat(analysis.getAction()).contains("discovery.fail-on-unknown-properties=false");
        });
        runner.withPropertyValues("discovery.servce.name=orders", "discovery.node-timout=5s").run(context -> assertThat(
                analysis(context).getDescription()).contains("discovery.servce.name, did you mean discovery.service.name?")
                .contains("discovery.node-timout, did you mean discovery.node-timeout?"));
    }

    @Test
    void everyDeclaredKeyInAnyFormIsValidWithTheEntriesOfMapsAndLists() {
        runner.withPropertyValues("discovery.hello-interval=2s", "discovery.nodeTimeout=5s",
                "discovery.service.name=orders", "discovery.service.metadata.zone=eu-1", "discovery.needs[0]=billing",
                "discovery.registration.drain=0s", "discovery.ui.enabled=false", "discovery.registry.poll-interval=1s",
                "discovery.allowedDestinations=127.0.0.0/8").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aPropertyDeclaredInTheMetadataOfAnyJarIsValid(@TempDir Path jar) throws IOException {
        Path metadata = jar.resolve("META-INF/spring-configuration-metadata.json");
        Files.createDirectories(metadata.getParent());
        Files.writeString(metadata, """
                {"properties": [{"name": "discovery.quorum.size", "type": "java.lang.Integer"}]}""");
        ClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        runner.withClassLoader(withJar).withPropertyValues("discovery.quorum.size=3")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("discovery.quorum.size=3").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void theCheckCanBeTurnedOffAndIsOffWithDiscovery() {
        runner.withPropertyValues("discovery.helo-interval=5s", "discovery.fail-on-unknown-properties=false")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("discovery.helo-interval=5s", "discovery.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void environmentVariablesThatAPlatformSetsAreNotChecked() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("systemEnvironment", Map.of("DISCOVERY_PORT_12345_UDP",
                        "udp://10.0.0.7:12345", "DISCOVERY_SERVICE_HOST", "10.0.0.7"))))
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static FailureAnalysis analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new DiscoveryStartupFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).isNotNull();
        return analysis;
    }
}
