package dev.discovery.internal.wire;

import dev.discovery.DropReason;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * node-discover's datagram: {@code {"event","pid","iid","hostName","data"}} in that order. A hello has event
 * {@code hello}; a channel message has the channel as its event and the payload as its data.
 */
public record Envelope(String event, String pid, String iid, String hostName, JsonNode data) {

    public static final String HELLO = "hello";
    /** Our goodbye: an event node-discover does not listen to, so its peers ignore it. */
    public static final String GOODBYE = "discovery:goodbye";
    /**
     * Sent, with a key, by a node that sends no hellos (a client) when it cannot yet tell a peer's datagrams from a
     * replay: peers name its sender back, which proves their datagrams fresh. Nothing else is done with it.
     */
    public static final String PROBE = "discovery:probe";

    /** Our peer exchange between nodes with seeds: also an event node-discover does not listen to. */
    public static final String PEERS = "discovery:peers";

    static final int MAX_ID_CHARS = 128;
    /**
     * The longest event (channel) name and host name a receiver accepts, in {@code String.length()} units. Senders
     * check their names against it too ({@code Discovery.isChannelName}, {@code DiscoveryOptions.hostName}), so a limit
     * applied here never silently drops what our own API accepted.
     */
    public static final int MAX_NAME_CHARS = 255;

    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("event", event);
        node.put("pid", pid);
        node.put("iid", iid);
        node.put("hostName", hostName);
        if (data != null) {
            node.set("data", data);
        }
        return node;
    }

    /** Reads and checks the envelope fields; {@code pid} and {@code hostName} may be absent, as node-discover allows. */
    static Envelope fromJson(JsonNode json) throws DroppedDatagram {
        if (json == null || !json.isObject()) {
            throw new DroppedDatagram(DropReason.MALFORMED, "not a JSON object");
        }
        String event = text(json, "event", true, MAX_NAME_CHARS);
        String iid = text(json, "iid", true, MAX_ID_CHARS);
        String pid = text(json, "pid", false, MAX_ID_CHARS);
        String hostName = text(json, "hostName", false, MAX_NAME_CHARS);
        return new Envelope(event, pid, iid, hostName, json.get("data"));
    }

    private static String text(JsonNode json, String field, boolean required, int maxChars) throws DroppedDatagram {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new DroppedDatagram(DropReason.INVALID, "missing field '" + field + "'");
            }
            return null;
        }
        if (!value.isString()) {
            throw new DroppedDatagram(DropReason.INVALID, "field '" + field + "' is not a string");
        }
        String text = value.stringValue();
        if (text.isEmpty() && required) {
            throw new DroppedDatagram(DropReason.INVALID, "field '" + field + "' is empty");
        }
        if (text.length() > maxChars) {
            throw new DroppedDatagram(DropReason.INVALID, "field '" + field + "' is longer than " + maxChars + " characters");
        }
        return text;
    }
}
