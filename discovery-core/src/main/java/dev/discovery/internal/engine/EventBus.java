package dev.discovery.internal.engine;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryListener;
import dev.discovery.spi.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import dev.discovery.internal.logging.RateLimitedLog;
import org.slf4j.LoggerFactory;

/**
 * Hands events and channel messages to the scheduler's ordered delivery, so that listeners run one at a time, in the
 * order things happened, outside the engine's lock. A listener that throws is logged and the others still run.
 */
public final class EventBus {

    /**
     * Events and messages follow datagrams, so a listener that fails on each of them could flood the log: at most one
     * line (with its stack trace) per listener kind or channel per interval, with a count of the others.
     */
    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(Discovery.class));

    private final Scheduler scheduler;
    private final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<ChannelMessage>> channels = new ConcurrentHashMap<>();

    EventBus(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public void addListener(DiscoveryListener listener) {
        listeners.add(listener);
    }

    public boolean removeListener(DiscoveryListener listener) {
        return listeners.remove(listener);
    }

    public boolean join(String channel, Consumer<ChannelMessage> handler) {
        return channels.putIfAbsent(channel, handler) == null;
    }

    public boolean leave(String channel) {
        return channels.remove(channel) != null;
    }

    boolean joined(String channel) {
        return channels.containsKey(channel);
    }

    public List<String> channels() {
        return List.copyOf(channels.keySet());
    }

    void publish(DiscoveryEvent event) {
        deliverToAll(scheduler, listeners, event, DiscoveryListener::onEvent);
    }

    /**
     * Hands {@code event} to every listener through the scheduler's ordered delivery; a listener that throws is
     * logged and the next still runs. Shared with {@link ServiceDiscovery}, whose events take the same path.
     */
    public static <L, E> void deliverToAll(Scheduler scheduler, List<L> listeners, E event, BiConsumer<L, E> call) {
        scheduler.deliver(() -> {
            for (L listener : listeners) {
                try {
                    call.accept(listener, event);
                } catch (RuntimeException e) {
                    log.error("listener " + event.getClass().getSimpleName(), e, "A discovery listener failed on {}",
                            event);
                }
            }
        });
    }

    void publish(ChannelMessage message) {
        Consumer<ChannelMessage> handler = channels.get(message.channel());
        if (handler == null) {
            return; // left meanwhile
        }
        scheduler.deliver(() -> {
            // A channel left after the message arrived gets nothing more.
            if (channels.get(message.channel()) != handler) {
                return;
            }
            try {
                handler.accept(message);
            } catch (RuntimeException e) {
                log.error("channel " + message.channel(), e, "The handler of channel '{}' failed on a message from {}",
                        message.channel(), message.sender().id());
            }
        });
    }
}
