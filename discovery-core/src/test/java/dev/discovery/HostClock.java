package dev.discovery;

import dev.discovery.spi.Scheduler;
import dev.discovery.testing.VirtualScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated host's view of the shared virtual clock. It can pause, as a JVM does in a long GC pause: nothing of
 * the host runs (timers, received datagrams, events) until the pause ends, and then everything that came due runs at
 * once in its original order. Its wall clock can also jump.
 */
final class HostClock implements Scheduler {

    private final VirtualScheduler shared;
    private final List<Runnable> deferred = new ArrayList<>();
    private long pausedUntil = Long.MIN_VALUE;
    private long wallOffsetMillis;

    HostClock(VirtualScheduler shared) {
        this.shared = shared;
    }

    @Override
    public long millis() {
        return shared.millis();
    }

    @Override
    public Instant instant() {
        return shared.instant().plusMillis(wallOffsetMillis);
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        return shared.schedule(delayMillis, () -> runOrDefer(task));
    }

    @Override
    public void deliver(Runnable event) {
        schedule(0, event);
    }

    boolean paused() {
        return shared.millis() < pausedUntil;
    }

    void pause(long millis) {
        pausedUntil = Math.max(pausedUntil, shared.millis() + millis);
        shared.schedule(millis, this::resume);
    }

    void jumpWallClock(long millis) {
        wallOffsetMillis += millis;
    }

    void runOrDefer(Runnable task) {
        if (paused()) {
            deferred.add(task);
        } else {
            task.run();
        }
    }

    private void resume() {
        if (paused()) {
            return; // a longer pause started meanwhile
        }
        List<Runnable> due = new ArrayList<>(deferred);
        deferred.clear();
        due.forEach(Runnable::run);
    }
}
