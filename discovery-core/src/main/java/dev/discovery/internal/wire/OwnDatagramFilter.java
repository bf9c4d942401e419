package dev.discovery.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Recognises this node's own datagrams by their first bytes, before any parsing: a broadcast comes back to its
 * sender, so every message a node sends would otherwise be parsed once more only to be dropped. Our envelopes begin
 * {@code {"event":"…","pid":"<pid>","iid":"<iid>"}, so a datagram that begins that way names this node as its
 * sender; anything written differently is left to the full decoder, which drops it by its parsed fields. Without a
 * key anyone can write our ids, so hellos and goodbyes are then left to the decoder too: the engine tells our own from
 * a forged one (an id conflict), and there is one of them a second, not one per message.
 */
public final class OwnDatagramFilter {

    private static final byte[] START = "{\"event\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HELLO = Envelope.HELLO.getBytes(StandardCharsets.UTF_8);
    private static final byte[] GOODBYE = Envelope.GOODBYE.getBytes(StandardCharsets.UTF_8);

    /** What follows the event name: {@code ","pid":"<pid>","iid":"<iid>"}, escaped as JSON. */
    private final byte[] sender;
    private final boolean spoofable;

    /** @param spoofable whether datagrams are unauthenticated (no key), so our ids may be forged */
    public OwnDatagramFilter(String processId, String instanceId, boolean spoofable) {
        this.spoofable = spoofable;
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
        if (spoofable && (isEvent(json, end, HELLO) || isEvent(json, end, GOODBYE))) {
            return false;
        }
        return end + sender.length <= json.length
                && Arrays.equals(json, end, end + sender.length, sender, 0, sender.length);
    }

    private static boolean isEvent(byte[] json, int end, byte[] event) {
        return end - START.length == event.length
                && Arrays.equals(json, START.length, end, event, 0, event.length);
    }
}
