package dev.discovery.spring.node;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.InvalidOptionException;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link DiscoveryProperties} into the core's options and applies the Spring-only ones. The core validates; its
 * {@link InvalidOptionException} says which option is wrong as data, and this class words it with the property names
 * ({@code discovery.node-timeout}) so that a user reading a startup failure knows which line of configuration to fix.
 */
public final class DiscoveryPropertiesMapper {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryPropertiesMapper.class);

    private static final String FIX_ACTION = "Update the discovery.* properties of the application "
            + "(or the DiscoveryOptionsCustomizer that sets this option).";

    /** Fields of the advertisement that have their own property. */
    private static final Set<String> SERVICE_FIELDS = Set.of("name", "host", "port");

    private final DiscoveryProperties properties;

    public DiscoveryPropertiesMapper(DiscoveryProperties properties) {
        this.properties = properties;
    }

    DiscoveryOptions discoveryOptions(Stream<DiscoveryOptionsCustomizer> customizers) {
        DiscoveryOptions.Builder builder = properties.applyTo(DiscoveryOptions.builder());
        customizers.forEach(customizer -> customizer.customize(builder));
        DiscoveryOptions options;
        try {
            options = builder.build();
        } catch (InvalidOptionException e) {
            throw invalid(e);
        }
        warnIfOneLostHelloRemovesANode(options);
        return options;
    }

    /**
     * Valid but fragile: with a node timeout shorter than two hello intervals, a single lost or late hello removes a
     * live node (and a master is replaced for it).
     */
    private static void warnIfOneLostHelloRemovesANode(DiscoveryOptions options) {
        Duration hello = options.helloInterval();
        if (options.nodeTimeout().compareTo(hello.multipliedBy(2)) < 0) {
            log.warn("discovery.node-timeout ({}) is shorter than two discovery.hello-interval ({}): one lost hello "
                    + "removes a live node. Set discovery.node-timeout to {} (three hellos) or more, or shorten "
                    + "discovery.hello-interval.", readable(options.nodeTimeout()), readable(hello),
                    readable(hello.multipliedBy(3)));
        }
    }

    /** A duration as it is written in a properties file: 5s, 500ms. */
    private static String readable(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    public ServiceOptions serviceOptions() {
        try {
            return properties.applyTo(ServiceOptions.builder()).build();
        } catch (InvalidOptionException e) {
            throw invalid(e);
        }
    }

    /** What {@code discovery.service.*} advertises, or null when no service is configured. */
    private Map<String, Object> advertisement() {
        DiscoveryProperties.Service service = properties.getService();
        for (String key : service.getMetadata().keySet()) {
            if (SERVICE_FIELDS.contains(key)) {
                throw invalid("discovery.service.metadata." + key + " is not allowed: use discovery.service." + key);
            }
        }
        if (service.getName() == null || service.getName().isBlank()) {
            if (service.getHost() != null || service.getPort() != null || !service.getMetadata().isEmpty()) {
                throw invalid("discovery.service.name is not set, but other discovery.service.* properties are: "
                        + "a service is advertised only with a name.");
            }
            return null;
        }
        Map<String, Object> advertisement = new LinkedHashMap<>();
        advertisement.put("name", service.getName());
        if (service.getHost() != null) {
            advertisement.put("host", service.getHost());
        }
        // 0 is server.port's "any free port": ServiceRegistration advertises the port the web server bound.
        if (service.getPort() != null && service.getPort() != 0) {
            if (service.getPort() < 1 || service.getPort() > 65535) {
                throw invalid("discovery.service.port must be between 1 and 65535 (or 0 or unset for the port the web "
                        + "server bound), was " + service.getPort());
            }
            advertisement.put("port", service.getPort());
        }
        advertisement.putAll(service.getMetadata());
        return advertisement;
    }

    /** Advertises {@code discovery.service.*} and registers {@code discovery.needs}. */
    public void applyTo(ServiceDiscovery services) {
        Map<String, Object> advertisement = advertisement();
        if (advertisement != null) {
            try {
                services.advertise(advertisement);
            } catch (IllegalArgumentException e) {
                throw new DiscoveryStartupException("Invalid configuration: discovery.service.* cannot be advertised: "
                        + e.getMessage(), FIX_ACTION, e);
            }
        }
        names("discovery.needs", properties.getNeeds()).forEach(services::need);
    }

    List<String> channels() {
        List<String> channels = names("discovery.channels", properties.getChannels());
        for (String channel : channels) {
            if (Discovery.RESERVED_NAMES.contains(channel)) {
                throw invalid("discovery.channels: '" + channel + "' is reserved by the protocol and cannot be a "
                        + "channel; reserved names are " + new TreeSet<>(Discovery.RESERVED_NAMES));
            }
            if (!Discovery.isChannelName(channel)) {
                throw invalid("discovery.channels: a channel name has at most " + Discovery.MAX_NAME_LENGTH
                        + " characters (receivers drop longer ones), '" + channel + "' has " + channel.length());
            }
        }
        return channels;
    }

    /** @throws DiscoveryStartupException when {@code discovery.wait-for-needs} is zero or negative */
    void validateWaitForNeeds() {
        var wait = properties.getWaitForNeeds();
        if (wait != null && (wait.isZero() || wait.isNegative())) {
            throw invalid("discovery.wait-for-needs must be a positive duration such as 30s, was " + wait
                    + "; leave it unset not to wait.");
        }
    }

    /** A core validation failure, worded with the properties' names. */
    private static DiscoveryStartupException invalid(InvalidOptionException coreError) {
        return new DiscoveryStartupException("Invalid configuration: "
                + coreError.describe(DiscoveryProperties::propertyName), FIX_ACTION, coreError);
    }

    private static DiscoveryStartupException invalid(String message) {
        return new DiscoveryStartupException("Invalid configuration: " + message, FIX_ACTION, null);
    }

    private static List<String> names(String property, List<String> names) {
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw invalid(property + " must not contain an empty name, was " + names);
            }
        }
        return List.copyOf(names);
    }
}
