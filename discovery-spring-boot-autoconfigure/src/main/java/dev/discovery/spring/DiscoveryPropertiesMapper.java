package dev.discovery.spring;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns {@link DiscoveryProperties} into the core's options. The core validates; its messages use option names
 * ({@code nodeTimeout}), which this class rewrites into property names ({@code discovery.node-timeout}) so that a user
 * reading a startup failure knows which line of configuration to fix.
 */
final class DiscoveryPropertiesMapper {

    private static final String FIX_ACTION = "Update the discovery.* properties of the application "
            + "(or the DiscoveryOptionsCustomizer that sets this option).";

    /** Core option names, as they appear in the core's validation messages. */
    private static final Set<String> OPTION_NAMES = Set.of("helloInterval", "checkInterval", "nodeTimeout",
            "masterTimeout", "mastersRequired", "weight", "masterEligible", "client", "bindAddress", "port", "broadcast",
            "multicast", "multicastTtl", "multicastInterface", "unicast", "reuseAddr", "hostName", "ignore",
            "ignoreDataErrors", "keys", "encryption", "replayWindow", "maxNodes", "maxTableBytes", "setupTimeout", "setupRetryDelay",
            "setupRetryMax");

    private static final Pattern CORE_MESSAGE = Pattern.compile("^Invalid (?:discovery|service) option: (\\w+)(.*)$",
            Pattern.DOTALL);
    private static final Pattern CAMEL_CASE_WORD = Pattern.compile("\\b[a-z]+[A-Z]\\w*\\b");

    /** Fields of the advertisement that have their own property. */
    private static final Set<String> SERVICE_FIELDS = Set.of("name", "host", "port");

    private final DiscoveryProperties properties;

    DiscoveryPropertiesMapper(DiscoveryProperties properties) {
        this.properties = properties;
    }

    DiscoveryOptions discoveryOptions(Stream<DiscoveryOptionsCustomizer> customizers) {
        DiscoveryProperties p = properties;
        DiscoveryOptions.Builder builder = DiscoveryOptions.builder()
                .helloInterval(p.getHelloInterval())
                .checkInterval(p.getCheckInterval())
                .nodeTimeout(p.getNodeTimeout())
                .masterTimeout(p.getMasterTimeout())
                .mastersRequired(p.getMastersRequired())
                .weight(p.getWeight())
                .masterEligible(p.isMasterEligible())
                .client(p.isClient())
                .bindAddress(p.getBindAddress())
                .port(p.getPort())
                .broadcast(p.getBroadcast())
                .multicast(p.getMulticast())
                .multicastTtl(p.getMulticastTtl())
                .multicastInterface(p.getMulticastInterface())
                .unicast(p.getUnicast())
                .reuseAddr(p.isReuseAddr())
                .hostName(p.getHostName())
                .ignore(p.getIgnore())
                .ignoreDataErrors(p.isIgnoreDataErrors())
                .keys(p.getKeys())
                .encryption(p.getEncryption())
                .replayWindow(p.getReplayWindow())
                .maxNodes(p.getMaxNodes())
                .maxTableBytes(p.getMaxTableBytes().toBytes());
        customizers.forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    ServiceOptions serviceOptions() {
        try {
            return new ServiceOptions(properties.getSetupTimeout(), properties.getSetupRetryDelay(),
                    properties.getSetupRetryMax());
        } catch (IllegalArgumentException e) {
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
        if (service.getPort() != null) {
            if (service.getPort() < 1 || service.getPort() > 65535) {
                throw invalid("discovery.service.port must be between 1 and 65535, was " + service.getPort());
            }
            advertisement.put("port", service.getPort());
        }
        advertisement.putAll(service.getMetadata());
        return advertisement;
    }

    /** Advertises {@code discovery.service.*} and registers {@code discovery.needs}. */
    void applyTo(ServiceDiscovery services) {
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

    /** A core validation failure, its option names rewritten as property names. */
    static DiscoveryStartupException invalid(IllegalArgumentException coreError) {
        String message = coreError.getMessage() == null ? coreError.toString() : coreError.getMessage();
        Matcher core = CORE_MESSAGE.matcher(message);
        if (core.matches()) {
            String first = OPTION_NAMES.contains(core.group(1)) ? propertyName(core.group(1)) : core.group(1);
            message = "Invalid configuration: " + first + renameOptions(core.group(2));
        }
        return new DiscoveryStartupException(message, FIX_ACTION, coreError);
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

    private static String renameOptions(String text) {
        Matcher words = CAMEL_CASE_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (words.find()) {
            String word = words.group();
            words.appendReplacement(out, Matcher.quoteReplacement(OPTION_NAMES.contains(word) ? propertyName(word) : word));
        }
        words.appendTail(out);
        return out.toString();
    }

    static String propertyName(String optionName) {
        return "discovery." + optionName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
