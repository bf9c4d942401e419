package dev.discovery.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.DiscoveryOptions;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only evaluated, never sent to: the addresses beyond loopback here are just values. */
class NoKeyWarningTest {

    private static List<InetSocketAddress> to(String... hosts) {
        return java.util.Arrays.stream(hosts).map(h -> new InetSocketAddress(h, 12345)).toList();
    }

    @Test
    void aNodeWithoutKeySendingBeyondLoopbackIsToldWhatAnAttackerCanDoAndHowToStopIt() {
        DiscoveryOptions noKey = DiscoveryOptions.builder().build();
        assertThat(NoKeyWarning.check(noKey, to("127.0.0.1", "10.1.2.3"))).get().asString()
                .contains("10.1.2.3:12345", "without a key", "forge members and masters", "forged goodbye",
                        "channel messages", "Set keys");
        assertThat(NoKeyWarning.check(noKey, to("255.255.255.255"))).isPresent();
        assertThat(NoKeyWarning.check(DiscoveryOptions.builder().multicast("239.1.2.3").build(), to("239.1.2.3")))
                .isPresent();
    }

    @Test
    void loopbackOnlyOrKeyedNodesStayQuiet() {
        assertThat(NoKeyWarning.check(DiscoveryOptions.builder().build(), to("127.255.255.255", "127.0.0.1")))
                .isEmpty();
        assertThat(NoKeyWarning.check(DiscoveryOptions.builder().multicast("239.1.2.3").multicastInterface("lo")
                .build(), to("239.1.2.3"))).isEmpty();
        assertThat(NoKeyWarning.check(DiscoveryOptions.builder().key("fleet-secret").build(), to("10.1.2.3")))
                .isEmpty();
    }
}
