package dev.discovery.spring.internal;

import dev.discovery.spring.node.DiscoveryStartupException;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.needs.NeedsService;
import dev.discovery.spring.needs.ServiceSetup;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The one node that annotations such as {@link NeedsService}, {@link ChannelListener} and {@link ServiceSetup} act on:
 * the only {@link ServiceDiscovery} bean, or the {@code @Primary} one when there are several.
 */
public final class UniqueServiceDiscovery {

    private UniqueServiceDiscovery() {
    }

    public static ServiceDiscovery of(ObjectProvider<ServiceDiscovery> services, String user) {
        ServiceDiscovery unique = services.getIfUnique();
        if (unique == null) {
            boolean none = services.stream().findAny().isEmpty();
            throw new DiscoveryStartupException(user + " needs one ServiceDiscovery bean, but there are "
                    + (none ? "none." : "several."), none ? "Turn discovery on (discovery.enabled=true) or define a "
                    + "ServiceDiscovery bean." : "Mark one of them @Primary.", null);
        }
        return unique;
    }
}
