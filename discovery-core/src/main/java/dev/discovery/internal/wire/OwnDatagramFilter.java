package dev.discovery.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Recognises this node's own datagrams by their first bytes, before any parsing: a broadcast comes back to its
 * sender, so every message a node sends would otherwise be parsed once more only to be dropped. Our envelopes begin
 * {@code {"event":"…","pid":"<pid>","iid":"<iid>"}, so a datagram that begins that way names this node as its
 * sender; anything written differently is left to the full decoder, which drops it by its parsed fields.
 */
public final class OwnDatagramFilter {

    private static final byte[] START = "{\"event\":\"".getBytes(StandardCharsets.UTF_8);

    /** What follows the event name: {@code ","pid":"<pid>","iid":"<iid>"}, escaped as JSON. */
    private final byte[] sender;

    public OwnDatagramFilter(String processId, String instanceId) {
        this.sender = ("\",\"pid\":" + Json.MAPPER.writeValueAsString(processId)
                + ",\"iid\":" + Json.MAPPER.writeValueAsString(instanceId)).getBytes(StandardCharsets.UTF_8);
    }

    public boolean isOwn(byte[] json) {
        if (!Arrays.equals(json, 0, Math.min(json.length, START.length), START, 0, START.length)) {
            return false;
        }
        int end = START.length;
        while (end < json.length && json[end] != '"') {
            if (json[end] == '\\') {
                return false; // an escaped event name: not worth reading here
            }
            end++;
        }
        return end + sender.length <= json.length
                && Arrays.equals(json, end, end + sender.length, sender, 0, sender.length);
    }
}
