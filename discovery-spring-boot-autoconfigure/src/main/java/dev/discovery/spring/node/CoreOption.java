package dev.discovery.spring.node;

import dev.discovery.DiscoveryOptions;
import dev.discovery.ServiceOptions;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@link DiscoveryProperties#CORE_OPTIONS}: a core option, the property that sets it, and how a value the
 * application set reaches the core's builder. An unset property (null) is not applied, so the core's default stays.
 *
 * @param option   the core option, as its builder method is called ({@code nodeTimeout})
 * @param property the property ({@code discovery.node-timeout})
 * @param builder  the builder the option belongs to
 * @param apply    sets the property's value on the builder, if the application set one
 */
record CoreOption<B>(String option, String property, Class<B> builder, BiConsumer<DiscoveryProperties, B> apply) {

    static <T> CoreOption<DiscoveryOptions.Builder> discovery(String option, String property,
            Function<DiscoveryProperties, @Nullable T> value, BiConsumer<DiscoveryOptions.Builder, T> setter) {
        return new CoreOption<>(option, property, DiscoveryOptions.Builder.class, ifSet(value, setter));
    }

    static <T> CoreOption<ServiceOptions.Builder> service(String option, String property,
            Function<DiscoveryProperties, @Nullable T> value, BiConsumer<ServiceOptions.Builder, T> setter) {
        return new CoreOption<>(option, property, ServiceOptions.Builder.class, ifSet(value, setter));
    }

    private static <B, T> BiConsumer<DiscoveryProperties, B> ifSet(Function<DiscoveryProperties, @Nullable T> value,
            BiConsumer<B, T> setter) {
        return (properties, builder) -> {
            T set = value.apply(properties);
            if (set != null) {
                setter.accept(builder, set);
            }
        };
    }

    /** Sets this property's value on {@code target} if the application set one and the option belongs there. */
    void applyTo(DiscoveryProperties properties, Object target) {
        if (builder.isInstance(target)) {
            apply.accept(properties, builder.cast(target));
        }
    }
}
