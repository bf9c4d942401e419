package dev.discovery.spring.test;

import dev.discovery.spi.Scheduler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One node's view of its network's clock, behaving as the real scheduler does: its events run in order and one at a
 * time, nothing is scheduled while the node is stopped, and stopping runs the events already handed over, so that a
 * closing application context still hears its node's last events (a master's {@code Demoted}) and none arrives after.
 */
final class NodeScheduler implements Scheduler {

    private final NetworkClock clock;
    private final ReentrantLock handling = new ReentrantLock();
    private final Deque<Runnable> events = new ArrayDeque<>(); // guarded by this
    private boolean started; // guarded by this

    NodeScheduler(NetworkClock clock) {
        this.clock = clock;
    }

    @Override
    public long millis() {
        return clock.scheduler().millis();
    }

    @Override
    public Instant instant() {
        return clock.scheduler().instant();
    }

    @Override
    public synchronized Timer schedule(long delayMillis, Runnable task) {
        return started ? clock.schedule(delayMillis, task) : () -> { };
    }

    @Override
    public void deliver(Runnable event) {
        synchronized (this) {
            if (!started) {
                return;
            }
            events.add(event);
        }
        clock.schedule(0, this::handleNext);
    }

    @Override
    public synchronized void start() {
        started = true;
    }

    @Override
    public void stop() {
        synchronized (this) {
            started = false;
        }
        if (handling.isHeldByCurrentThread()) {
            return; // a listener stopping its own node: the events after it run as they were scheduled
        }
        while (handleNext()) {
            // drain
        }
    }

    private boolean handleNext() {
        handling.lock();
        try {
            Runnable event;
            synchronized (this) {
                event = events.poll();
            }
            if (event == null) {
                return false;
            }
            event.run();
            return true;
        } finally {
            handling.unlock();
        }
    }
}
