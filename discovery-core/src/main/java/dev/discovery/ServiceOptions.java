package dev.discovery;

import java.time.Duration;

/**
 * Settings of a {@link ServiceDiscovery}.
 *
 * @param setupTimeout    how long a setup hook may take before it counts as failed (default 30 s)
 * @param setupRetryDelay the wait before the first retry of a failed setup; doubled for each further failure
 *                        (default 1 s)
 * @param setupRetryMax   the longest wait between retries (default 30 s)
 */
public record ServiceOptions(Duration setupTimeout, Duration setupRetryDelay, Duration setupRetryMax) {

    public static final ServiceOptions DEFAULTS =
            new ServiceOptions(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30));

    public ServiceOptions {
        positive("setupTimeout", setupTimeout);
        positive("setupRetryDelay", setupRetryDelay);
        positive("setupRetryMax", setupRetryMax);
        if (setupRetryMax.compareTo(setupRetryDelay) < 0) {
            throw new IllegalArgumentException("Invalid service option: setupRetryMax (" + setupRetryMax
                    + ") must be at least setupRetryDelay (" + setupRetryDelay + ")");
        }
    }

    /** The wait before retry number {@code attempt} (1 for the first retry). */
    Duration retryDelay(int attempt) {
        long millis = setupRetryDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, setupRetryMax.toMillis()));
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid service option: " + name + " must be a positive duration, was " + value);
        }
    }
}
