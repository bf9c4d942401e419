package dev.discovery.spring.test;

import dev.discovery.spi.Scheduler;
import dev.discovery.testing.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time of one test network: a {@link VirtualScheduler} that every node and datagram of the network shares. In
 * virtual time it moves only when the test says; in real time a daemon thread moves it along with the wall clock,
 * running what falls due every couple of milliseconds. Either way one thread at a time runs the network's tasks.
 */
final class NetworkClock implements AutoCloseable {

    /** Long enough for every datagram in flight to arrive and the events it causes to be handled. */
    static final Duration SETTLE = Duration.ofMillis(20);

    private static final Logger log = LoggerFactory.getLogger(TestDiscoveryNetwork.class);
    private static final long PASS_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long real time may lag before a wait gives up: only a listener that blocks the network's thread does that. */
    private static final Duration STUCK = Duration.ofSeconds(30);

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final boolean virtual;
    private final ReentrantLock running = new ReentrantLock();
    private final Object progress = new Object();
    private @Nullable Thread driver; // guarded by this
    private volatile boolean closed;

    NetworkClock(boolean virtual) {
        this.virtual = virtual;
    }

    VirtualScheduler scheduler() {
        return scheduler;
    }

    boolean isVirtual() {
        return virtual;
    }

    Scheduler.Timer schedule(long delayMillis, Runnable task) {
        return scheduler.schedule(delayMillis, task);
    }

    /** Network time since the network was created. */
    Duration elapsed() {
        return Duration.ofMillis(scheduler.millis());
    }

    /** In real time, starts moving the clock; called when the first node joins. */
    synchronized void start() {
        if (virtual || driver != null || closed) {
            return;
        }
        Thread thread = new Thread(this::followWallClock, "discovery-test-network");
        thread.setDaemon(true);
        driver = thread;
        thread.start();
    }

    void advance(Duration duration) {
        if (!virtual) {
            throw new IllegalStateException("This test network runs in real time; advancing it needs virtual time: "
                    + "TestDiscoveryNetwork.virtualTime(), or @AutoConfigureTestDiscovery(time = Time.VIRTUAL)");
        }
        running.lock();
        try {
            scheduler.runFor(duration);
        } finally {
            running.unlock();
        }
    }

    /** Runs (virtual time) or waits (real time) until {@code condition} holds, for at most {@code limit}. */
    boolean runUntil(BooleanSupplier condition, Duration limit) {
        if (virtual) {
            running.lock();
            try {
                boolean held = scheduler.runUntil(condition, limit);
                scheduler.runUntil(scheduler.millis()); // and the rest of that instant: the events the change caused
                return held;
            } finally {
                running.unlock();
            }
        }
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (progress) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waitForProgress(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50));
            }
            return true;
        }
    }

    /** Lets every datagram in flight arrive and every event it causes be handled. */
    void settle() {
        if (virtual) {
            advance(SETTLE);
            return;
        }
        synchronized (this) {
            if (driver == null || closed) {
                return; // no node ever joined, or the network is gone: nothing can be in flight
            }
        }
        long target = scheduler.millis() + SETTLE.toMillis();
        if (!runUntil(() -> scheduler.millis() >= target || closed, STUCK)) {
            throw new IllegalStateException("The test network's time did not move for " + STUCK + ": a discovery "
                    + "listener or @EventListener blocks the network's thread (discovery-test-network)?");
        }
    }

    private void waitForProgress(long millis) {
        try {
            progress.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the test network", e);
        }
    }

    private void followWallClock() {
        long originNanos = System.nanoTime();
        long originMillis = scheduler.millis();
        while (!closed) {
            running.lock();
            try {
                scheduler.runUntil(originMillis + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - originNanos));
            } catch (RuntimeException e) {
                log.error("A task of the test network failed", e); // it is gone; the others still run
            } finally {
                running.unlock();
            }
            synchronized (progress) {
                progress.notifyAll();
            }
            LockSupport.parkNanos(PASS_NANOS);
        }
    }

    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = driver;
        }
        if (thread != null && thread != Thread.currentThread()) {
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
