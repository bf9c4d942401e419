package dev.discovery.spring.registry;

import dev.discovery.spring.node.DiscoveryStartupException;
import java.util.List;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;

/**
 * The {@code discovery.*} properties that only the UDP engine has: its sockets, timings, goodbye and drain, keys,
 * channels, several masters. On the registry backend the registry's own client decides these, so setting one there
 * fails the startup instead of being silently ignored.
 */
final class UdpOnlyProperties {

    private static final List<String> NAMES = List.of("discovery.hello-interval", "discovery.check-interval",
            "discovery.node-timeout", "discovery.master-timeout", "discovery.masters-required", "discovery.weight",
            "discovery.master-eligible", "discovery.client", "discovery.bind-address", "discovery.port",
            "discovery.broadcast", "discovery.multicast", "discovery.multicast-ttl", "discovery.multicast-interface",
            "discovery.unicast", "discovery.reuse-addr", "discovery.host-name", "discovery.ignore",
            "discovery.ignore-data-errors", "discovery.keys", "discovery.encryption", "discovery.replay-window",
            "discovery.max-nodes", "discovery.channels", "discovery.registration");

    private UdpOnlyProperties() {
    }

    /** @throws DiscoveryStartupException when one is set */
    static void rejectOnRegistry(Environment environment) {
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
        List<String> set = NAMES.stream().filter(name -> isSet(sources, ConfigurationPropertyName.of(name))).toList();
        if (!set.isEmpty()) {
            throw new DiscoveryStartupException("discovery.backend=registry, but " + set + " only apply to the UDP "
                    + "engine: the registry's own client decides membership timings, addresses and security, there "
                    + "are no channels, and the leader initiator elects exactly one master", "Remove them (configure "
                    + "the registry's starter instead, for example spring.cloud.zookeeper.*), or set "
                    + "discovery.backend=udp.", null);
        }
    }

    private static boolean isSet(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : sources) {
            if (source.getConfigurationProperty(name) != null
                    || source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }
}
