package dev.discovery.spring.event;

import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.Node;

/**
 * A message arrived on a channel this application joined, with a {@code @ChannelListener} method or the
 * {@code discovery.channels} property.
 */
public class ChannelMessageEvent extends DiscoveryApplicationEvent {

    private final ChannelMessage message;

    public ChannelMessageEvent(Discovery source, ChannelMessage message) {
        super(source);
        this.message = message;
    }

    /** The message as received. */
    public ChannelMessage getMessage() {
        return message;
    }

    /** The channel name. */
    public String getChannel() {
        return message.channel();
    }

    /** The node that sent it. */
    public Node getSender() {
        return message.sender();
    }

    /** The payload converted to a type of yours, such as a record with the sent fields. */
    public <T> T getPayload(Class<T> type) {
        return message.payload(type);
    }

    @Override
    public String toString() {
        return "ChannelMessageEvent{message=" + message + "}";
    }
}
