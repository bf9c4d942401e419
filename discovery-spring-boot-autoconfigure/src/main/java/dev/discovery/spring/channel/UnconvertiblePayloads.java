package dev.discovery.spring.channel;

import dev.discovery.ChannelMessage;
import dev.discovery.internal.logging.RateLimitedLog;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Channel messages a {@link ChannelListener} method could not take, because the payload does not convert to its
 * parameter type: a peer of another version, or someone sending junk. They come once per datagram, so they are counted
 * (the meter {@code discovery.channel.messages.unconvertible}) and logged at most once per channel every 10 s, with the
 * count of the others and without a stack trace: the fault is in the message, not in the application.
 */
public final class UnconvertiblePayloads {

    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(UnconvertiblePayloads.class));
    private final AtomicLong count = new AtomicLong();

    public UnconvertiblePayloads() {
    }

    /** Messages dropped so far, on every channel. */
    public long count() {
        return count.get();
    }

    void record(ChannelMessage message, PayloadConversionException failure) {
        count.incrementAndGet();
        log.warn(message.channel(), "Dropped a message on discovery channel '{}' from {}: {}", message.channel(),
                message.sender().id(), failure.getMessage());
    }
}
