package dev.discovery.spring.channel;

import dev.discovery.Discovery;
import java.util.TreeSet;

/**
 * Sends messages on discovery channels: every node that joined the channel receives them, for example in a
 * {@link ChannelListener} method. Delivery is best effort, as UDP is.
 */
public final class ChannelSender {

    private final Discovery discovery;

    /** A sender on this node; the starter defines one for the application's node, and backs off from yours. */
    public ChannelSender(Discovery discovery) {
        this.discovery = discovery;
    }

    /**
     * Sends a payload: any value Jackson writes as JSON, such as a record, a map or a string.
     *
     * @return false when the node is not running (before the context is refreshed or after it closed), so nothing was
     *         sent
     * @throws IllegalArgumentException when the name cannot be a channel ({@link Discovery#isChannelName}: empty, longer
     *                                  than {@value Discovery#MAX_NAME_LENGTH} characters or reserved by the protocol),
     *                                  or the payload is not JSON-able or does not fit in one datagram
     */
    public boolean send(String channel, Object payload) {
        if (!Discovery.isChannelName(channel)) {
            throw new IllegalArgumentException("'" + channel + "' cannot be a channel name: it is empty, longer than "
                    + Discovery.MAX_NAME_LENGTH + " characters, or reserved by the protocol: "
                    + new TreeSet<>(Discovery.RESERVED_NAMES));
        }
        return discovery.send(channel, payload);
    }
}
