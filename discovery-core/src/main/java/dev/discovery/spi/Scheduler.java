package dev.discovery.spi;

import java.time.Instant;

/**
 * The engine's time and threads. The engine reads time only from here and never sleeps, so a virtual scheduler
 * ({@code dev.discovery.testing.VirtualScheduler}) can run thousands of nodes deterministically.
 */
public interface Scheduler {

    /** Monotonic milliseconds, for deadlines. */
    long millis();

    /** Wall-clock time, for snapshots and the default weight. */
    Instant instant();

    /** Runs {@code task} once after {@code delayMillis}. */
    Timer schedule(long delayMillis, Runnable task);

    /** Runs {@code event} soon, after every event delivered before it, never concurrently with another event. */
    void deliver(Runnable event);

    /** Called when the node starts; a scheduler with threads starts them here. */
    default void start() {
    }

    /** Called when the node stops, after its last event was handed to {@link #deliver}; releases every thread. */
    default void stop() {
    }

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Timer {
        void cancel();
    }
}
