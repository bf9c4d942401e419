package dev.discovery.spring;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.spring.event.ChannelMessageEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import dev.discovery.internal.logging.RateLimitedLog;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The channels the application joined. The core allows one handler per channel, so this joins each channel once and
 * hands every message to all of its listeners, after publishing it as a {@link ChannelMessageEvent}.
 */
final class ChannelSubscriptions {

    /** Messages come once per datagram: a listener failing on each must not flood the log. */
    private static final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(ChannelSubscriptions.class));

    private final Discovery discovery;
    private final ApplicationEventPublisher publisher;
    private final UnconvertiblePayloads unconvertible;
    private final Map<String, List<Consumer<ChannelMessage>>> listeners = new ConcurrentHashMap<>();

    ChannelSubscriptions(Discovery discovery, ApplicationEventPublisher publisher, List<String> channels,
            UnconvertiblePayloads unconvertible) {
        this.discovery = discovery;
        this.publisher = publisher;
        this.unconvertible = unconvertible;
        channels.forEach(this::join);
    }

    /** Joins the channel if needed and adds a listener to it. */
    void subscribe(String channel, Consumer<ChannelMessage> listener) {
        join(channel).add(listener);
    }

    private List<Consumer<ChannelMessage>> join(String channel) {
        return listeners.computeIfAbsent(channel, name -> {
            List<Consumer<ChannelMessage>> list = new CopyOnWriteArrayList<>();
            if (!discovery.join(name, message -> deliver(message, list))) {
                throw new IllegalStateException("Cannot join the discovery channel '" + name + "': the name is "
                        + "reserved by the protocol or was joined outside Spring");
            }
            return list;
        });
    }

    private void deliver(ChannelMessage message, List<Consumer<ChannelMessage>> list) {
        publisher.publishEvent(new ChannelMessageEvent(discovery, message));
        for (Consumer<ChannelMessage> listener : list) {
            try {
                listener.accept(message);
            } catch (PayloadConversionException e) {
                unconvertible.record(message, e);
            } catch (RuntimeException e) {
                log.error(message.channel(), e, "A listener of discovery channel '{}' failed on a message from {}",
                        message.channel(), message.sender().id());
            }
        }
    }
}
