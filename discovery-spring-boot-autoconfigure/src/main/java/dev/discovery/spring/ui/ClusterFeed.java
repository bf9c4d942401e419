package dev.discovery.spring.ui;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes the cluster page's data to every open page: the whole {@link ClusterSnapshot} when a page subscribes and
 * {@value #COALESCE_MILLIS} ms after a change (a burst of changes, such as a hundred nodes starting, makes one push;
 * this node's own new advertisement is noticed within {@value #SELF_CHECK_MILLIS} ms), and every second what changes without events ({@link ClusterSnapshot.Heard}), which also finds closed pages. One
 * thread does all of it, so a page gets its messages in order and a slow page delays only the others' next push.
 */
final class ClusterFeed implements SmartLifecycle {

    /** Message names, as the page's {@code EventSource} listens for them. */
    static final String STATE = "state";
    static final String HEARD = "heard";

    static final long COALESCE_MILLIS = 100;
    static final long HEARD_MILLIS = 1000;
    /** How often this node's own announcement is compared with the last: its changes raise no event. */
    static final long SELF_CHECK_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(ClusterFeed.class);

    /** One open page. */
    interface Subscriber {

        /** Sends one message; an exception means the page is gone. */
        void send(String name, String json) throws IOException;

        /** Ends the stream, when this node's application stops. */
        void close();
    }

    private final ClusterView view;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicBoolean statePending = new AtomicBoolean();
    // Touched only on the executor's thread.
    private final List<Subscriber> subscribers = new ArrayList<>();
    private volatile ScheduledExecutorService executor;

    ClusterFeed(ClusterView view) {
        this.view = view;
        view.onChange(this::changed);
    }

    /**
     * Sends the current snapshot to {@code subscriber}, then every change, until the returned handle is run or a send
     * fails.
     *
     * @return what stops the subscription
     * @throws IllegalStateException when the feed is not running
     */
    Runnable subscribe(Subscriber subscriber) {
        run(() -> {
            if (send(subscriber, STATE, json.writeValueAsString(view.snapshot()))) {
                subscribers.add(subscriber);
            }
        });
        return () -> {
            ScheduledExecutorService current = executor;
            if (current != null) {
                try {
                    current.execute(() -> subscribers.remove(subscriber));
                } catch (RejectedExecutionException stopping) {
                    // stop() closes every subscriber anyway
                }
            }
        };
    }

    @Override
    public synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "discovery-cluster-page");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::pushHeard, HEARD_MILLIS, HEARD_MILLIS, TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(() -> {
                if (view.selfChanged()) {
                    changed();
                }
            }, SELF_CHECK_MILLIS, SELF_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends every open stream, so that a graceful shutdown of the web server does not wait for them. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService current = executor;
        if (current == null) {
            return;
        }
        executor = null;
        try {
            current.submit(() -> {
                subscribers.forEach(Subscriber::close);
                subscribers.clear();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Closing the cluster page streams did not finish", e);
        }
        current.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops with the discovery node, before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void changed() {
        ScheduledExecutorService current = executor;
        if (current != null && statePending.compareAndSet(false, true)) {
            try {
                current.schedule(this::pushState, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                statePending.set(false);
            }
        }
    }

    private void pushState() {
        statePending.set(false);
        if (!subscribers.isEmpty()) {
            broadcast(STATE, json.writeValueAsString(view.snapshot()));
        }
    }

    private void pushHeard() {
        if (!subscribers.isEmpty()) {
            broadcast(HEARD, json.writeValueAsString(view.heard()));
        }
    }

    private void broadcast(String name, String message) {
        subscribers.removeIf(subscriber -> !send(subscriber, name, message));
    }

    private static boolean send(Subscriber subscriber, String name, String message) {
        try {
            subscriber.send(name, message);
            return true;
        } catch (IOException | RuntimeException gone) {
            log.debug("A cluster page went away: {}", gone.toString());
            subscriber.close();
            return false;
        }
    }

    private void run(Runnable task) {
        ScheduledExecutorService current = executor;
        try {
            if (current == null) {
                throw new RejectedExecutionException("stopped");
            }
            current.execute(task);
        } catch (RejectedExecutionException stopped) {
            throw new IllegalStateException("The cluster page feed is not running: the application is stopping");
        }
    }
}
