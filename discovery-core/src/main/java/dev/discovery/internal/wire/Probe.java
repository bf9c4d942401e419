package dev.discovery.internal.wire;

import dev.discovery.DropReason;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data of a suspicion-protocol datagram: {@code t} the node it is about, {@code n} the number of the ping or check
 * it belongs to, {@code c} a few node ids. Events node-discover does not listen to, so its peers ignore them:
 * <ul>
 * <li>{@code discovery:ping} — {@code t}, are you there?</li>
 * <li>{@code discovery:alive} — from {@code t} itself: yes (answering ping {@code n}); from another member: {@code t}
 *     answered the ping you asked me for in check {@code n}.</li>
 * <li>{@code discovery:check} — members {@code c}, please ping {@code t} for me (SWIM's indirect probe).</li>
 * <li>{@code discovery:suspect} — {@code t} answered neither me nor the members I asked ({@code c}): check it
 *     yourself.</li>
 * </ul>
 */
public record Probe(String target, long number, List<String> confirmedBy) {

    /** The most ids a check or suspect names: the members asked, which are few. */
    public static final int MAX_CONFIRMED_BY = 8;

    public Probe {
        confirmedBy = List.copyOf(confirmedBy);
    }

    public Probe(String target, long number) {
        this(target, number, List.of());
    }

    public static final String PING = "discovery:ping";
    public static final String CHECK = "discovery:check";
    public static final String ALIVE = "discovery:alive";
    public static final String SUSPECT = "discovery:suspect";

    private static final int MAX_ID_CHARS = 128;

    public ObjectNode toJson() {
        ObjectNode data = Json.MAPPER.createObjectNode().put("t", target).put("n", number);
        if (!confirmedBy.isEmpty()) {
            confirmedBy.forEach(data.putArray("c")::add);
        }
        return data;
    }

    public static Probe fromJson(JsonNode data) throws DroppedDatagram {
        if (data == null || !data.isObject()) {
            throw new DroppedDatagram(DropReason.INVALID, "probe data is not an object");
        }
        JsonNode target = data.get("t");
        JsonNode number = data.get("n");
        if (target == null || !target.isString() || target.stringValue().isEmpty()
                || target.stringValue().length() > MAX_ID_CHARS) {
            throw new DroppedDatagram(DropReason.INVALID, "probe target is not an id");
        }
        if (number == null || !number.isIntegralNumber() || !number.canConvertToLong()) {
            throw new DroppedDatagram(DropReason.INVALID, "probe number is not an integer");
        }
        List<String> confirmedBy = new ArrayList<>();
        JsonNode by = data.get("c");
        if (by != null) {
            if (!by.isArray() || by.size() > MAX_CONFIRMED_BY) {
                throw new DroppedDatagram(DropReason.INVALID, "probe confirmations are not a short array");
            }
            for (JsonNode id : by) {
                if (!id.isString() || id.stringValue().isEmpty() || id.stringValue().length() > MAX_ID_CHARS) {
                    throw new DroppedDatagram(DropReason.INVALID, "probe confirmation is not an id");
                }
                confirmedBy.add(id.stringValue());
            }
        }
        return new Probe(target.stringValue(), number.longValue(), confirmedBy);
    }
}
