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

    /**
     * Runs a task that may block for a while (a DNS lookup of the seeds) away from the timer and event threads, so it
     * never delays failure detection or listeners; the task hands its result back itself. The default runs it at once
     * on the calling thread, as a virtual scheduler should, to stay deterministic.
     */
    default void offload(Runnable task) {
        task.run();
    }

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
