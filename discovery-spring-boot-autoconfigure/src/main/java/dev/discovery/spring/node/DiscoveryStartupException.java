package dev.discovery.spring.node;

import org.jspecify.annotations.Nullable;

/**
 * Why discovery cannot start as configured. The message names the property at fault, so that it reads well both as a
 * plain exception (in tests) and through {@link DiscoveryStartupFailureAnalyzer} (in an application's startup report).
 */
public final class DiscoveryStartupException extends RuntimeException {

    /** The fix for the registry backend without a registry client, said wherever that shows. */
    public static final String ADD_REGISTRY_STARTER = "Add the registry's discovery starter (for example "
            + "spring-cloud-starter-zookeeper-discovery, -consul-discovery, -kubernetes-client or "
            + "-netflix-eureka-client) and its connection properties, or set discovery.backend=udp.";

    private final String action;

    public DiscoveryStartupException(String message, String action, @Nullable Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What the user should do about it. */
    String action() {
        return action;
    }
}
