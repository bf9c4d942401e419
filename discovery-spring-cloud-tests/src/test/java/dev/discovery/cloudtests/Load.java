package dev.discovery.cloudtests;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Steady calls on a thread of their own, one after the other, each recorded with who answered it or why it failed.
 * Bounded: it stops by itself after {@code limit} calls or {@code duration}, whichever comes first.
 */
final class Load implements AutoCloseable {

    record Call(long endedNanos, String answeredBy, Throwable failure) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    /** {@code call} gets the call's number and returns who answered; an exception is a failed call. */
    Load(String name, IntFunction<String> call, int limit, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        thread = new Thread(() -> {
            for (int i = 0; i < limit && !stopped.get() && System.nanoTime() < deadline; i++) {
                try {
                    String who = call.apply(i);
                    calls.add(new Call(System.nanoTime(), who, null));
                } catch (RuntimeException e) {
                    calls.add(new Call(System.nanoTime(), null, e));
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Throwable> failures() {
        return calls.stream().filter(c -> c.failure() != null).map(Call::failure).toList();
    }

    /** Successful calls that ended after {@code nanos} ({@link System#nanoTime()}). */
    long succeededAfter(long nanos) {
        return calls.stream().filter(c -> c.failure() == null && c.endedNanos() > nanos).count();
    }

    /** Who answered the calls that ended after {@code nanos}. */
    List<String> answeredAfter(long nanos) {
        return calls.stream().filter(c -> c.failure() == null && c.endedNanos() > nanos).map(Call::answeredBy).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
