package dev.discovery.spring.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.DiscoveryOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster page shows this node at the address its peers see, not the 0.0.0.0 it is bound to. */
class AddressPeersSeeTest {

    @Test
    void aWildcardBindShowsTheSourceAddressOfTheRouteToTheDestinations() {
        assertThat(AddressPeersSee.of("0.0.0.0", DiscoveryOptions.builder().broadcast("127.255.255.255").build()))
                .isEqualTo("127.0.0.1");
        assertThat(AddressPeersSee.of("0.0.0.0", DiscoveryOptions.builder().unicast(List.of("127.0.0.1:41234"))
                .build())).isEqualTo("127.0.0.1");
    }

    @Test
    void aBoundAddressOrOneWithoutARouteIsShownAsItIs() {
        assertThat(AddressPeersSee.of("127.0.0.1", DiscoveryOptions.builder().broadcast("127.255.255.255").build()))
                .isEqualTo("127.0.0.1");
        assertThat(AddressPeersSee.of("0.0.0.0", DiscoveryOptions.builder().seeds(List.of("no-such-host.invalid"))
                .build())).isEqualTo("0.0.0.0");
    }
}
