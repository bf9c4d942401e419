package dev.discovery.internal.engine;

import dev.discovery.Discovery;
import dev.discovery.internal.logging.RateLimitedLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;

/**
 * Application code that listens: discovery and service listeners, channel handlers, service handle listeners. This is
 * the one place that calls them, so that all fail the same way: one that throws is logged and the next still runs.
 * Events come from the network, forged ones too, so a listener failing on each is logged at most once per interval
 * with a count, never once per event.
 * Listeners may be added and removed at any time, also from a listener; a call sees the list as it was when it began.
 *
 * @param <L> the listener type
 * @param <E> what it is called with
 */
public final class ListenerList<L, E> {

    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(Discovery.class));

    private final String what;
    private final BiConsumer<L, E> call;
    private final List<L> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param what what a listener is, for the log: "A discovery listener", "The handler of channel 'orders'"
     * @param call how a listener is called with an event
     */
    public ListenerList(String what, BiConsumer<L, E> call) {
        this.what = what;
        this.call = call;
    }

    public void add(L listener) {
        listeners.add(listener);
    }

    /**
     * Removes one registration of the listener.
     *
     * @return whether it was registered
     */
    public boolean remove(L listener) {
        return listeners.remove(listener);
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Calls every listener with the event, in the order they were added. */
    public void callAll(E event) {
        for (L listener : listeners) {
            try {
                call.accept(listener, event);
            } catch (RuntimeException e) {
                log.error(what, e, "{} failed on {}", what, event);
            }
        }
    }
}
