package dev.discovery;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One handler of a channel, from {@link Discovery#subscribe}. Closing it removes that handler; closing the last handler
 * of a channel leaves the channel. {@link Discovery#leave} removes every handler at once, and closing a subscription
 * afterwards changes nothing, even when the channel was joined again since.
 */
public final class ChannelSubscription implements AutoCloseable {

    private final String channel;
    private final Runnable unsubscribe;
    private final AtomicBoolean closed = new AtomicBoolean();

    ChannelSubscription(String channel, Runnable unsubscribe) {
        this.channel = channel;
        this.unsubscribe = unsubscribe;
    }

    /** The channel name. */
    public String channel() {
        return channel;
    }

    /** Removes the handler: it receives no message after this returns. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            unsubscribe.run();
        }
    }

    @Override
    public String toString() {
        return "ChannelSubscription{channel=" + channel + ", closed=" + closed.get() + "}";
    }
}
