package dev.discovery;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An option of {@link DiscoveryOptions} or {@link ServiceOptions} that cannot work, as data: which option, its value
 * and what it must be. The message reads, for example, {@code Invalid discovery option: nodeTimeout (PT1S) must be at
 * least checkInterval (PT2S)}. A layer that gives the options other names (the Spring starter's
 * {@code discovery.node-timeout}) renders the same sentence in its own names with {@link #describe(UnaryOperator)}.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    private final String kind;
    private final String option;
    private final @Nullable Object value;
    private final String requirement;
    private final List<String> otherOptions;
    private final @Nullable Object otherValue;

    private InvalidOptionException(String kind, String option, @Nullable Object value, String requirement,
            List<String> otherOptions, @Nullable Object otherValue, @Nullable Throwable cause) {
        super(null, cause);
        this.kind = kind;
        this.option = Objects.requireNonNull(option, "option");
        this.value = value;
        this.requirement = Objects.requireNonNull(requirement, "requirement");
        this.otherOptions = List.copyOf(otherOptions);
        this.otherValue = otherValue;
    }

    /** {@code option} must meet {@code requirement} ("must be between 1 and 65535") and does not. */
    static InvalidOptionException of(Class<?> options, String option, @Nullable Object value, String requirement) {
        return new InvalidOptionException(kind(options), option, value, requirement, List.of(), null, null);
    }

    /** As {@link #of}, for a failure found by a check that threw {@code cause}. */
    static InvalidOptionException of(Class<?> options, String option, @Nullable Object value, String requirement,
            Throwable cause) {
        return new InvalidOptionException(kind(options), option, value, requirement, List.of(), null, cause);
    }

    /** {@code option} must stand in {@code relation} ("must be at least") to another option, and does not. */
    static InvalidOptionException relative(Class<?> options, String option, Object value, String relation,
            String otherOption, Object otherValue) {
        return relative(options, option, value, relation, List.of(otherOption), otherValue);
    }

    /** {@code option} must stand in {@code relation} to the sum of other options ({@code sum}), and does not. */
    static InvalidOptionException relative(Class<?> options, String option, Object value, String relation,
            List<String> otherOptions, Object sum) {
        return new InvalidOptionException(kind(options), option, value, relation, otherOptions, sum, null);
    }

    private static String kind(Class<?> options) {
        return options == ServiceOptions.class ? "service" : "discovery";
    }

    /** The option's name, as its builder method is called: {@code nodeTimeout}. */
    public String option() {
        return option;
    }

    /** The refused value; null when it was absent or is secret (keys). */
    public @Nullable Object value() {
        return value;
    }

    /** What the value must be, in the core's option names: {@code must be at least checkInterval (PT2S)}. */
    public String reason() {
        return reason(UnaryOperator.identity());
    }

    /** The other option the requirement refers to ({@code checkInterval}), if there is one. */
    public @Nullable String otherOption() {
        return otherOptions.isEmpty() ? null : otherOptions.get(0);
    }

    /** Every option the requirement refers to: one, or the terms of a sum ({@code nodeTimeout + helloInterval}). */
    public List<String> otherOptions() {
        return otherOptions;
    }

    /**
     * The whole sentence with every option name spelled by {@code naming}: with {@code name -> "discovery." + kebab}
     * it reads {@code discovery.node-timeout (PT1S) must be at least discovery.check-interval (PT2S)}.
     */
    public String describe(UnaryOperator<String> naming) {
        if (!otherOptions.isEmpty()) {
            return naming.apply(option) + " (" + value + ") " + reason(naming);
        }
        return naming.apply(option) + " " + requirement + (value == null ? "" : ", was " + show(value));
    }

    @Override
    public String getMessage() {
        return "Invalid " + kind + " option: " + describe(UnaryOperator.identity());
    }

    private String reason(UnaryOperator<String> naming) {
        if (otherOptions.isEmpty()) {
            return requirement;
        }
        return requirement + " " + String.join(" + ", otherOptions.stream().map(naming).toList()) + " (" + otherValue + ")";
    }

    private static String show(Object value) {
        return value instanceof CharSequence text ? "'" + text + "'" : String.valueOf(value);
    }
}
