package dev.discovery;

import java.time.Duration;

/**
 * Settings of a {@link ServiceDiscovery}, made with {@link #builder()}; the defaults are the builder's field
 * initialisers.
 *
 * @param setupTimeout    how long a setup hook may take before it counts as failed (default 30 s)
 * @param setupRetryDelay the wait before the first retry of a failed setup; doubled for each further failure
 *                        (default 1 s)
 * @param setupRetryMax   the longest wait between retries (default 30 s)
 */
public record ServiceOptions(Duration setupTimeout, Duration setupRetryDelay, Duration setupRetryMax) {

    public static final ServiceOptions DEFAULTS = builder().build();

    /** @throws InvalidOptionException naming the option that is wrong and what it must be */
    public ServiceOptions {
        positive("setupTimeout", setupTimeout);
        positive("setupRetryDelay", setupRetryDelay);
        positive("setupRetryMax", setupRetryMax);
        if (setupRetryMax.compareTo(setupRetryDelay) < 0) {
            throw InvalidOptionException.relative(ServiceOptions.class, "setupRetryMax", setupRetryMax,
                    "must be at least", "setupRetryDelay", setupRetryDelay);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    Duration retryDelay(int attempt) {
        long millis = setupRetryDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, setupRetryMax.toMillis()));
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw InvalidOptionException.of(ServiceOptions.class, name, value, "must be a positive duration");
        }
    }

    /** Collects options; every field starts at its default. */
    public static final class Builder {
        private Duration setupTimeout = Duration.ofSeconds(30);
        private Duration setupRetryDelay = Duration.ofSeconds(1);
        private Duration setupRetryMax = Duration.ofSeconds(30);

        private Builder() {
        }

        /** How long a setup hook may take before it counts as failed. Default 30 s. */
        public Builder setupTimeout(Duration value) { this.setupTimeout = value; return this; }
        /** The wait before the first retry of a failed setup; doubled for each further failure. Default 1 s. */
        public Builder setupRetryDelay(Duration value) { this.setupRetryDelay = value; return this; }
        /** The longest wait between retries; at least {@code setupRetryDelay}. Default 30 s. */
        public Builder setupRetryMax(Duration value) { this.setupRetryMax = value; return this; }

        /** @throws InvalidOptionException naming the option that is wrong and what it must be */
        public ServiceOptions build() {
            return new ServiceOptions(setupTimeout, setupRetryDelay, setupRetryMax);
        }
    }
}
