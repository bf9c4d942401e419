package dev.discovery.spring.registration;

import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Where the actuator answers, as Spring Boot Admin and other consumers of instance metadata expect it: the path below
 * the management server's root ({@code management.context-path}), and whether the server speaks TLS.
 */
final class ManagementPaths {

    private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint", ManagementPaths.class.getClassLoader());

    private final Environment environment;

    ManagementPaths(Environment environment) {
        this.environment = environment;
    }

    /**
     * The actuator's base path as seen from outside: below the management server's base path when it has a port of
     * its own, else below the application's context path. Empty without the actuator.
     */
    Optional<String> contextPath(boolean separateManagementServer) {
        if (!ACTUATOR_PRESENT) {
            return Optional.empty();
        }
        String root = separateManagementServer ? property("management.server.base-path")
                : property("server.servlet.context-path") + property("spring.webflux.base-path");
        String endpoints = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        String path = trimSlash(root) + trimSlash(endpoints);
        return Optional.of(path.isEmpty() ? "/" : path);
    }

    /** Whether the web server is configured for TLS ({@code server.ssl.*} with a key, and not switched off). */
    boolean secure() {
        boolean configured = environment.containsProperty("server.ssl.bundle")
                || environment.containsProperty("server.ssl.key-store")
                || environment.containsProperty("server.ssl.certificate");
        return configured && environment.getProperty("server.ssl.enabled", Boolean.class, true);
    }

    private String property(String name) {
        return environment.getProperty(name, "");
    }

    private static String trimSlash(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }
}
