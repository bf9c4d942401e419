package dev.discovery.spring.node;

import dev.discovery.spring.internal.EditDistance;
import dev.discovery.internal.net.DestinationGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fails startup on a {@code discovery.*} key that no discovery property has, naming the nearest one that does: Spring
 * would otherwise ignore {@code discovery.helo-interval} without a word. The valid keys are those of the configuration
 * metadata on the class path (what an IDE completes, generated from the properties classes), so a property is valid as
 * soon as it is declared. Environment variables are not checked: a platform sets {@code DISCOVERY_*} variables of its
 * own (Kubernetes does for a service named discovery). {@code discovery.fail-on-unknown-properties=false} turns the
 * check off.
 */
final class UnknownPropertyCheck {

    static final String SWITCH = "discovery.fail-on-unknown-properties";

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("discovery");
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    /** Keys read outside Spring's binding: the core's loopback-only guard, a JVM system property. */
    private static final ConfigurationPropertyName GUARD = ConfigurationPropertyName.adapt(DestinationGuard.PROPERTY, '.');

    private UnknownPropertyCheck() {
    }

    /** @throws DiscoveryStartupException naming every unknown key, where it was set, and the nearest valid key */
    static void check(Environment environment, @Nullable ClassLoader loader) {
        if (!environment.getProperty(SWITCH, Boolean.class, true)) {
            return;
        }
        Map<ConfigurationPropertyName, Boolean> declared = declared(loader); // name -> whether it holds entries
        Map<String, String> unknown = new LinkedHashMap<>(); // key -> what to say about it
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource names)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            names.filter(ROOT::isAncestorOf).stream().filter(name -> !GUARD.equals(name))
                    .filter(name -> !isDeclared(name, declared))
                    .forEach(name -> unknown.putIfAbsent(name.toString(), nearest(name, declared)
                            + where(source.getConfigurationProperty(name))));
        }
        if (!unknown.isEmpty()) {
            String keys = unknown.entrySet().stream().map(entry -> entry.getKey() + entry.getValue())
                    .collect(Collectors.joining("; "));
            throw new DiscoveryStartupException("No discovery property has " + (unknown.size() == 1 ? "this key" :
                    "these keys") + ": " + keys + ".", "Correct or remove " + (unknown.size() == 1 ? "it" : "them")
                    + "; an application configured for a newer version of discovery sets " + SWITCH + "=false.",
                    null);
        }
    }

    private static boolean isDeclared(ConfigurationPropertyName name, Map<ConfigurationPropertyName, Boolean> declared) {
        if (declared.containsKey(name)) {
            return true;
        }
        for (ConfigurationPropertyName parent = name.getParent(); parent.getNumberOfElements() > 1;
                parent = parent.getParent()) {
            if (Boolean.TRUE.equals(declared.get(parent))) {
                return true; // an entry of a map or list: discovery.service.metadata.zone, discovery.keys[0]
            }
        }
        return false;
    }

    private static String where(@Nullable ConfigurationProperty property) {
        return property != null && property.getOrigin() != null ? " (" + property.getOrigin() + ")" : "";
    }

    private static String nearest(ConfigurationPropertyName name, Map<ConfigurationPropertyName, Boolean> declared) {
        String key = name.toString();
        return declared.keySet().stream().map(ConfigurationPropertyName::toString)
                .filter(valid -> valid.startsWith("discovery."))
                .min(Comparator.comparingInt((String valid) -> EditDistance.between(key, valid))
                        .thenComparing(Comparator.naturalOrder()))
                .map(valid -> ", did you mean " + valid + "?").orElse("");
    }

    /** Every declared property name, and whether it holds entries of its own (a map, a list, an array). */
    private static Map<ConfigurationPropertyName, Boolean> declared(@Nullable ClassLoader loader) {
        Map<ConfigurationPropertyName, Boolean> declared = new LinkedHashMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try {
            ClassLoader classes = loader != null ? loader : UnknownPropertyCheck.class.getClassLoader();
            Enumeration<URL> files = classes.getResources(METADATA);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String type = property.path("type").asString("");
                        declared.put(ConfigurationPropertyName.of(property.path("name").asString()),
                                type.startsWith("java.util.") && (type.contains("Map<") || type.contains("List<")
                                        || type.contains("Set<")) || type.endsWith("[]"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return declared;
    }
}
