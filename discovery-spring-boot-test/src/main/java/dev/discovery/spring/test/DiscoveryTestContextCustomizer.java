package dev.discovery.spring.test;

import dev.discovery.spring.node.DiscoveryOptionsCustomizer;
import dev.discovery.spring.test.AutoConfigureTestDiscovery.Network;
import dev.discovery.spring.test.AutoConfigureTestDiscovery.Time;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies {@link AutoConfigureTestDiscovery} to one test context. A record, so that test contexts asking for the same
 * network and time share the context cache.
 */
record DiscoveryTestContextCustomizer(Network network, Time time) implements ContextCustomizer {

    /** The loopback broadcast address: datagrams sent there never leave the machine. */
    static final String LOOPBACK_BROADCAST = "127.255.255.255";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
        switch (network) {
            case IN_MEMORY -> new TestNetworkInitializer(time == Time.VIRTUAL ? TestDiscoveryNetwork.virtualTime()
                    : TestDiscoveryNetwork.realTime(), true).initialize(context);
            case LOOPBACK -> {
                context.getBeanFactory().registerSingleton("discoveryTestLoopback", (DiscoveryOptionsCustomizer)
                        options -> options.unicast(List.of()).multicast(null).broadcast(LOOPBACK_BROADCAST));
                context.getBeanFactory().registerSingleton("discoveryTestEvents", new RecordedDiscoveryEvents());
            }
            case CONFIGURED -> context.getBeanFactory().registerSingleton("discoveryTestEvents",
                    new RecordedDiscoveryEvents());
        }
    }
}
