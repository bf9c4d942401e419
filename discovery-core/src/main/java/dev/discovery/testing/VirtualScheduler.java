package dev.discovery.testing;

import dev.discovery.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for deterministic tests: nothing runs until the test advances the clock, and then every timer, datagram
 * and event runs on the calling thread in time order (ties in the order they were scheduled). Many nodes share one
 * instance; the same seed and the same calls give the same run.
 */
public final class VirtualScheduler implements Scheduler {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public synchronized long millis() {
        return now;
    }

    @Override
    public synchronized Instant instant() {
        return EPOCH.plusMillis(now);
    }

    @Override
    public synchronized Timer schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), sequence++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public void deliver(Runnable event) {
        schedule(0, event);
    }

    /** Runs everything due within the next {@code duration}, then leaves the clock at its end. */
    public void runFor(Duration duration) {
        runUntil(millis() + duration.toMillis());
    }

    /** Runs everything due up to the virtual time {@code until} (milliseconds since the start). */
    public void runUntil(long until) {
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at > until) {
                    now = Math.max(now, until);
                    return;
                }
                queue.poll();
                now = next.at;
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
    }

    /**
     * Runs until {@code condition} holds, checking after every task, for at most {@code limit} of virtual time.
     *
     * @return whether the condition held
     */
    public boolean runUntil(BooleanSupplier condition, Duration limit) {
        long until = millis() + limit.toMillis();
        while (!condition.getAsBoolean()) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at > until) {
                    now = Math.max(now, until);
                    return condition.getAsBoolean();
                }
                queue.poll();
                now = next.at;
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
        return true;
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }
}
