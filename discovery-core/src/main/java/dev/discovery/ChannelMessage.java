package dev.discovery;

import dev.discovery.internal.wire.Json;

/**
 * A message received on a joined channel.
 *
 * @param channel the channel name
 * @param payload the payload as plain Java values (maps, lists, strings, numbers, booleans, or null)
 * @param sender  the sending node: the table's snapshot when it is known, else what the message itself says
 */
public record ChannelMessage(String channel, Object payload, Node sender) {

    /** The payload converted to a type of yours. */
    public <T> T payload(Class<T> type) {
        return Json.convert(payload, type);
    }
}
