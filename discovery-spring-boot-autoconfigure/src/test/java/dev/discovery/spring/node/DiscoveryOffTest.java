package dev.discovery.spring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.ServiceHandle;
import dev.discovery.spring.channel.ChannelSender;
import dev.discovery.spring.needs.NeedsService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.stereotype.Component;

/**
 * With discovery.enabled=false, or the registry backend without a registry client, a bean that needs discovery fails
 * startup naming the property and the fix, not just a type.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiscoveryOffTest {

    @Test
    void theStartupReportNamesThePropertyAndTheWayOut(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .run("--discovery.enabled=false").close()).hasStackTraceContaining("ServiceHandle");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("discovery is turned off (discovery.enabled=false)")
                .contains("@ConditionalOnBooleanProperty(name = \"discovery.enabled\", matchIfMissing = true)")
                .doesNotContain("Consider defining a bean of type");
    }

    @Test
    void theRegistryBackendWithoutADiscoveryClientLeadsWithTheRegistryStarter(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .resourceLoader(new DefaultResourceLoader(new FilteredClassLoader(DiscoveryClient.class)))
                .run("--discovery.backend=registry").close()).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("discovery.backend=registry, but Spring Cloud's DiscoveryClient is not on the class path")
                .contains("Action:" + System.lineSeparator() + System.lineSeparator()
                        + "Add the registry's discovery starter")
                .doesNotContain("no UDP node");
    }

    @Test
    void withoutTheAutoConfigurationTheReportPointsToTheTestKit() {
        FailureAnalysis analysis = new DiscoveryBeanMissingFailureAnalyzer(new MockEnvironment(), null)
                .analyze(new org.springframework.beans.factory.NoSuchBeanDefinitionException(ChannelSender.class));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("auto-configuration is not part of this application context");
        assertThat(analysis.getAction()).contains("@AutoConfigureTestDiscovery");
    }

    @Test
    void otherMissingBeansAreLeftToBoot() {
        assertThat(new DiscoveryBeanMissingFailureAnalyzer(new MockEnvironment(), null)
                .analyze(new org.springframework.beans.factory.NoSuchBeanDefinitionException(String.class))).isNull();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Component
        static class Checkout {

            Checkout(@NeedsService("billing") ServiceHandle billing) {
            }
        }
    }
}
