package dev.discovery.spring.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the three places of an option together: the core's builders, {@link DiscoveryProperties#CORE_OPTIONS}, and
 * the defaults in the generated configuration metadata (what IDEs show), which must be the core's.
 */
class CoreOptionTableTests {

    /** Options whose default is not one value: derived (masterTimeout, weight, broadcast, hostName) or none. */
    private static final Set<String> NO_FIXED_DEFAULT = Set.of("masterTimeout", "weight", "broadcast", "multicast",
            "multicastInterface", "unicast", "seeds", "hostName", "keys");

    /** What the configuration processor generated: what IDEs show. */
    private final Map<String, JsonNode> metadata = metadata("spring-configuration-metadata.json");
    /** Where the defaults are written (checked too, as an incremental build may not regenerate the other). */
    private final Map<String, JsonNode> written = metadata("additional-spring-configuration-metadata.json");

    @Test
    void everyCoreOptionHasOneRowAndEveryRowAProperty() {
        Set<String> coreOptions = new TreeSet<>(optionsOf(DiscoveryOptions.Builder.class));
        coreOptions.addAll(optionsOf(ServiceOptions.Builder.class));
        assertThat(DiscoveryProperties.CORE_OPTIONS).extracting(CoreOption::option).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(coreOptions);
        for (CoreOption<?> row : DiscoveryProperties.CORE_OPTIONS) {
            assertThat(metadata).as("generated metadata of %s", row.property()).containsKey(row.property());
            assertThat(DiscoveryProperties.propertyName(row.option())).isEqualTo(row.property());
        }
    }

    @Test
    void theMetadataShowsTheCoresDefaults() throws Exception {
        DiscoveryOptions discoveryDefaults = DiscoveryOptions.builder().build();
        ServiceOptions serviceDefaults = ServiceOptions.builder().build();
        for (CoreOption<?> row : DiscoveryProperties.CORE_OPTIONS) {
            JsonNode property = metadata.get(row.property());
            Object defaults = row.builder() == DiscoveryOptions.Builder.class ? discoveryDefaults : serviceDefaults;
            Object core = defaults.getClass().getMethod(row.option()).invoke(defaults);
            for (JsonNode source : Arrays.asList(property, written.get(row.property()))) {
                JsonNode shown = source == null ? null : source.get("defaultValue");
                if (NO_FIXED_DEFAULT.contains(row.option())) {
                    assertThat(shown).as("default of %s", row.property()).isNull();
                    continue;
                }
                assertThat(shown).as("default of %s in additional-spring-configuration-metadata.json",
                        row.property()).isNotNull();
                Class<?> type = Class.forName(property.get("type").stringValue());
                Object converted = ApplicationConversionService.getSharedInstance()
                        .convert(shown.isString() ? shown.stringValue() : shown.toString(), type);
                // A size is shown as one ("32MB") and held by the core in bytes.
                Object value = converted instanceof DataSize size ? size.toBytes() : converted;
                assertThat(value).as("default of %s", row.property()).isEqualTo(core);
            }
        }
    }

    @Test
    void unsetPropertiesLeaveTheCoresDefaultsAndSetOnesReachTheCore() {
        DiscoveryProperties properties = new DiscoveryProperties();
        assertThat(properties.applyTo(DiscoveryOptions.builder()).build().toString())
                .isEqualTo(DiscoveryOptions.builder().build().toString());
        properties.setPort(4000);
        properties.setMasterEligible(false);
        properties.setSetupRetryMax(java.time.Duration.ofMinutes(1));
        assertThat(properties.applyTo(DiscoveryOptions.builder()).build().port()).isEqualTo(4000);
        assertThat(properties.applyTo(DiscoveryOptions.builder()).build().masterEligible()).isFalse();
        assertThat(properties.applyTo(ServiceOptions.builder()).build().setupRetryMax())
                .isEqualTo(java.time.Duration.ofMinutes(1));
    }

    /** The option setters of a core builder: every method returning the builder, without the varargs shorthands. */
    private static Set<String> optionsOf(Class<?> builder) {
        return Arrays.stream(builder.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == builder && !m.isVarArgs())
                .map(Method::getName).collect(Collectors.toSet());
    }

    /** One of this module's metadata files, by property name. */
    private static Map<String, JsonNode> metadata(String file) {
        try {
            URL classes = DiscoveryProperties.class.getProtectionDomain().getCodeSource().getLocation();
            for (URL url : Collections.list(CoreOptionTableTests.class.getClassLoader()
                    .getResources("META-INF/" + file))) {
                if (url.toString().startsWith(classes.toString())) {
                    try (InputStream in = url.openStream()) {
                        Map<String, JsonNode> byName = new HashMap<>();
                        JsonMapper.builder().build().readTree(in).get("properties")
                                .forEach(p -> byName.put(p.get("name").stringValue(), p));
                        return byName;
                    }
                }
            }
            throw new IllegalStateException("no " + file + " under " + classes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
