package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A bad option is reported as data (option, value, reason), so other layers can word it in their own names. */
class InvalidOptionExceptionTest {

    @Test
    void aRuleBetweenTwoOptionsNamesBothWithTheirValues() {
        InvalidOptionException e = failure(() -> DiscoveryOptions.builder().nodeTimeout(Duration.ofSeconds(1)).build());
        assertThat(e.option()).isEqualTo("nodeTimeout");
        assertThat(e.value()).isEqualTo(Duration.ofSeconds(1));
        assertThat(e.otherOption()).isEqualTo("checkInterval");
        assertThat(e.reason()).isEqualTo("must be at least checkInterval (PT2S)");
        assertThat(e).hasMessage("Invalid discovery option: nodeTimeout (PT1S) must be at least checkInterval (PT2S)");
        assertThat(e.describe(name -> "<" + name + ">"))
                .isEqualTo("<nodeTimeout> (PT1S) must be at least <checkInterval> (PT2S)");
    }

    @Test
    void withAQuorumTheTakeoverMustOutlastTheLeaseAndAHelloAndTheRuleNamesEveryOption() {
        InvalidOptionException e = failure(() -> DiscoveryOptions.builder().quorumMinimumSize(2)
                .takeoverTimeout(Duration.ofSeconds(3)).build());
        assertThat(e.option()).isEqualTo("takeoverTimeout");
        assertThat(e.otherOptions()).containsExactly("nodeTimeout", "helloInterval");
        assertThat(e).hasMessage("Invalid discovery option: takeoverTimeout (PT3S) must be longer, with a quorum set, "
                + "than the sum of nodeTimeout + helloInterval (PT3S)");
        assertThat(DiscoveryOptions.builder().takeoverTimeout(Duration.ofSeconds(3)).build().takeoverTimeout())
                .as("no rule without a quorum").isEqualTo(Duration.ofSeconds(3));
        DiscoveryOptions defaults = DiscoveryOptions.builder().quorumMinimumSize(2).build();
        assertThat(defaults.takeoverTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(DiscoveryOptions.builder().build().takeoverTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.toBuilder().quorumMinimumSize(0).build().takeoverTimeout())
                .as("a derived default is derived again").isEqualTo(Duration.ofSeconds(2));
        assertThat(failure(() -> DiscoveryOptions.builder().quorumMinimumSize(-1).build()).option())
                .isEqualTo("quorumMinimumSize");
    }

    @Test
    void aNodeTimeoutWithinOneHelloIntervalIsRefused() {
        InvalidOptionException e = failure(() -> DiscoveryOptions.builder().helloInterval(Duration.ofSeconds(5))
                .nodeTimeout(Duration.ofSeconds(2)).build());
        assertThat(e.option()).isEqualTo("nodeTimeout");
        assertThat(e.otherOption()).isEqualTo("helloInterval");
        assertThat(e).hasMessage("Invalid discovery option: nodeTimeout (PT2S) must be longer than helloInterval (PT5S)");
        assertThat(failure(() -> DiscoveryOptions.builder().helloInterval(Duration.ofSeconds(2)).build()).option())
                .isEqualTo("nodeTimeout");
        assertThat(DiscoveryOptions.builder().helloInterval(Duration.ofMillis(1999)).build().nodeTimeout())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aRuleOnOneOptionShowsTheRefusedValue() {
        InvalidOptionException e = failure(() -> DiscoveryOptions.builder().port(70000).build());
        assertThat(e.option()).isEqualTo("port");
        assertThat(e.value()).isEqualTo(70000);
        assertThat(e.reason()).isEqualTo("must be between 1 and 65535");
        assertThat(e.otherOption()).isNull();
        assertThat(e).hasMessage("Invalid discovery option: port must be between 1 and 65535, was 70000");
        assertThat(failure(() -> DiscoveryOptions.builder().unicast("10.0.0.1:x").build()))
                .hasMessageContaining("unicast").hasMessageContaining("'10.0.0.1:x'");
    }

    @Test
    void aKeyIsNeverShown() {
        String key = "base64:c2VjcmV0";
        InvalidOptionException e = failure(() -> DiscoveryOptions.builder().key(key).build());
        assertThat(e.option()).isEqualTo("keys");
        assertThat(e.value()).isNull();
        assertThat(e.reason()).contains("32 bytes");
        assertThat(e.getMessage()).doesNotContain("c2VjcmV0");
        assertThat(failure(() -> DiscoveryOptions.builder().encryption(Encryption.AES256_LEGACY).key("a", "b").build())
                .getMessage()).doesNotContain("\"a\"").contains("exactly one key");
    }

    @Test
    void serviceOptionsReportTheSameWay() {
        InvalidOptionException e = failure(() -> ServiceOptions.builder().setupRetryMax(Duration.ofMillis(100)).build());
        assertThat(e.option()).isEqualTo("setupRetryMax");
        assertThat(e.otherOption()).isEqualTo("setupRetryDelay");
        assertThat(e).hasMessage("Invalid service option: setupRetryMax (PT0.1S) must be at least setupRetryDelay (PT1S)");
        assertThat(failure(() -> new ServiceOptions(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1))).option())
                .isEqualTo("setupTimeout");
    }

    /** The option an exception names is always one the user can set: a method of the builder. */
    @Test
    void everyRefusalNamesARealOption() {
        List<Supplier<?>> bad = List.of(
                () -> DiscoveryOptions.builder().helloInterval(Duration.ZERO).build(),
                () -> DiscoveryOptions.builder().masterTimeout(Duration.ofSeconds(1)).build(),
                () -> DiscoveryOptions.builder().mastersRequired(0).build(),
                () -> DiscoveryOptions.builder().weight(Double.NaN).build(),
                () -> DiscoveryOptions.builder().bindAddress(" ").build(),
                () -> DiscoveryOptions.builder().broadcast("").build(),
                () -> DiscoveryOptions.builder().multicastTtl(-1).build(),
                () -> DiscoveryOptions.builder().hostName("").build(),
                () -> DiscoveryOptions.builder().ignore(null).build(),
                () -> DiscoveryOptions.builder().encryption(null).build(),
                () -> DiscoveryOptions.builder().key("").build(),
                () -> DiscoveryOptions.builder().replayWindow(Duration.ofSeconds(-1)).build(),
                () -> DiscoveryOptions.builder().maxNodes(0).build());
        for (Supplier<?> options : bad) {
            String option = failure(options).option();
            assertThat(Arrays.stream(DiscoveryOptions.Builder.class.getMethods()).map(m -> m.getName()))
                    .as("option %s", option).contains(option);
        }
    }

    private static InvalidOptionException failure(Supplier<?> build) {
        Throwable thrown = catchThrowable(build::get);
        assertThat(thrown).isInstanceOf(InvalidOptionException.class);
        return (InvalidOptionException) thrown;
    }
}
