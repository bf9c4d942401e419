package dev.discovery.internal.engine;

import dev.discovery.spi.Scheduler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Real time: one timer thread and one event thread per node, created at start and gone after stop. Timers and events
 * are kept apart so that a slow listener never delays failure detection; a node with seeds also gets a thread for its
 * DNS lookups, created on first use. Stop waits until the threads have ended, not only until their executors have shut
 * down: an executor counts as terminated a moment before its last thread is gone.
 */
public final class SystemScheduler implements Scheduler {

    private final String name;
    private ScheduledThreadPoolExecutor timers;
    private ExecutorService events;
    private volatile Thread eventThread;
    /** Every thread this scheduler made and has not yet seen end. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private ExecutorService lookups;
    /** The event executor of the previous run, when a listener stopped its node and so could not wait for it. */
    private ExecutorService retiring;

    public SystemScheduler(String name) {
        this.name = name;
    }

    @Override
    public long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public synchronized void start() {
        timers = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "discovery-timer-" + name));
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = daemon(r, "discovery-events-" + name);
            eventThread = t;
            return t;
        });
        ExecutorService previous = retiring;
        retiring = null;
        if (previous != null) {
            // Events of this run wait for those of the last one, so listeners still run one at a time, in order.
            events.execute(() -> await(previous));
        }
    }

    @Override
    public synchronized Timer schedule(long delayMillis, Runnable task) {
        if (timers == null || timers.isShutdown()) {
            return () -> { };
        }
        ScheduledFuture<?> future = timers.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public synchronized void deliver(Runnable event) {
        if (events != null && !events.isShutdown()) {
            events.execute(event);
        }
    }

    @Override
    public synchronized void offload(Runnable task) {
        if (timers == null || timers.isShutdown()) {
            return;
        }
        if (lookups == null) {
            lookups = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> daemon(r, "discovery-dns-" + name));
        }
        lookups.execute(task);
    }

    @Override
    public void stop() {
        ScheduledThreadPoolExecutor t;
        ExecutorService e;
        ExecutorService l;
        synchronized (this) {
            t = timers;
            e = events;
            l = lookups;
            timers = null;
            events = null;
            lookups = null;
        }
        if (l != null) {
            l.shutdownNow(); // a lookup in progress cannot be interrupted; its late answer is ignored, its thread ends
        }
        if (t == null) {
            return;
        }
        t.shutdownNow();
        e.shutdown();
        // A listener that stops its own node must not wait for itself; its thread ends when it returns.
        if (Thread.currentThread() != eventThread) {
            await(t);
            await(e);
            joinThreads();
        } else {
            synchronized (this) {
                retiring = e;
            }
        }
    }

    private static void await(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException ex) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Joins every thread made so far but the caller's own (a timer task may stop the node it belongs to). */
    private void joinThreads() {
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!thread.isAlive()) {
                threads.remove(thread);
            }
        }
    }

    private Thread daemon(Runnable r, String threadName) {
        Thread thread = new Thread(r, threadName);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }
}
