package dev.discovery.internal.net;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The test suites' guard follows the rule of learned addresses: never limited broadcast nor unspecified (issue 20). */
class DestinationGuardTest {

    @Test
    void theLimitedBroadcastAndTheUnspecifiedAddressAreRefusedWhateverTheRanges() {
        DestinationGuard guard = DestinationGuard.of("0.0.0.0/0,::/0", null);
        for (String refused : new String[] {"255.255.255.255", "0.0.0.0", "::", "239.1.2.3"}) {
            assertThatThrownBy(() -> guard.check(new InetSocketAddress(refused, 12345)))
                    .as(refused).hasMessageContaining("Refusing to send");
        }
        assertThatCode(() -> guard.check(new InetSocketAddress("10.1.2.3", 12345))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(new InetSocketAddress("127.255.255.255", 12345))).doesNotThrowAnyException();
        assertThatCode(() -> DestinationGuard.of(null, null).check(new InetSocketAddress("255.255.255.255", 1)))
                .as("without the property nothing is checked").doesNotThrowAnyException();
    }
}
