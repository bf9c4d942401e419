package dev.discovery.internal.wire;

import dev.discovery.Coordination;
import dev.discovery.DropReason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data of a hello, as node-discover sends it: {@code isMaster, isMasterEligible, weight, address, advertisement}
 * (left out when the node never advertised, JSON null once it withdrew its advertisement).
 * The address field is always the literal 127.0.0.1 (receivers use the datagram's source instead).
 * Ours add two fields, which node-discover copies into its node record and never reads: {@code tieBreak} and
 * {@code lead}: {@code {"term": highest seen, "leads": term held or 0, "work": bool, "settled": bool}}.
 *
 * @param tieBreakById whether the sender breaks ties of equal weights by node id, as our nodes do and say with
 *                     {@code "tieBreak": "id"}; node-discover has no tie-break and sends no such field
 * @param coordination the sender's leads and terms; null in a hello without it (node-discover's)
 */
public record Hello(boolean master, boolean masterEligible, double weight, JsonNode advertisement,
        boolean tieBreakById, @Nullable Coordination coordination) {

    static final String TIE_BREAK = "tieBreak";
    static final String BY_ID = "id";
    static final String LEAD = "lead";

    /** A hello as node-discover sends it, without our fields. */
    public Hello(boolean master, boolean masterEligible, double weight, JsonNode advertisement) {
        this(master, masterEligible, weight, advertisement, false, null);
    }

    /** A hello as our nodes send it. */
    public Hello(boolean master, boolean masterEligible, double weight, JsonNode advertisement,
            Coordination coordination) {
        this(master, masterEligible, weight, advertisement, true, coordination);
    }

    /** This hello with that advertisement ({@link AdvertisementText#tree}, or the tree held for the same text). */
    public Hello withAdvertisement(JsonNode advertisement) {
        return new Hello(master, masterEligible, weight, advertisement, tieBreakById, coordination);
    }

    public ObjectNode toJson() {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("isMaster", master);
        data.put("isMasterEligible", masterEligible);
        // Whole weights are written as integers, as JavaScript's JSON.stringify does.
        if (weight == Math.rint(weight) && Math.abs(weight) < 0x1p53) {
            data.put("weight", (long) weight);
        } else {
            data.put("weight", weight);
        }
        data.put("address", "127.0.0.1");
        if (tieBreakById) {
            data.put(TIE_BREAK, BY_ID);
        }
        if (advertisement != null) { // a JSON null (withdrawn) is written; no advertisement at all is left out
            data.set("advertisement", advertisement);
        }
        if (coordination != null) {
            data.putObject(LEAD).put("term", coordination.highestTerm()).put("leads", coordination.leadTerm())
                    .put("work", coordination.leadCandidate()).put("settled", coordination.settled());
        }
        return data;
    }

    /**
     * Reads a hello's data. A missing weight ranks below every real one (node-discover's comparisons with an
     * undefined weight are all false, so such a node never outranks anyone).
     */
    public static Hello fromJson(JsonNode data) throws DroppedDatagram {
        if (data == null || !data.isObject()) {
            throw new DroppedDatagram(DropReason.INVALID, "hello data is not an object");
        }
        boolean master = flag(data, "isMaster");
        boolean eligible = flag(data, "isMasterEligible");
        JsonNode weightNode = data.get("weight");
        double weight;
        if (weightNode == null || weightNode.isNull()) {
            weight = Double.NEGATIVE_INFINITY;
        } else if (weightNode.isNumber() && Double.isFinite(weightNode.doubleValue())) {
            weight = weightNode.doubleValue();
        } else {
            throw new DroppedDatagram(DropReason.INVALID, "hello weight is not a finite number");
        }
        JsonNode tieBreak = data.get(TIE_BREAK);
        return new Hello(master, eligible, weight, data.get("advertisement"),
                tieBreak != null && tieBreak.isString() && BY_ID.equals(tieBreak.stringValue()),
                coordination(data.get(LEAD)));
    }

    private static @Nullable Coordination coordination(@Nullable JsonNode lead) throws DroppedDatagram {
        if (lead == null || lead.isNull()) {
            return null;
        }
        if (!lead.isObject()) {
            throw new DroppedDatagram(DropReason.INVALID, "hello field 'lead' is not an object");
        }
        return new Coordination(term(lead, "term"), term(lead, "leads"), flag(lead, "work"), flag(lead, "settled"));
    }

    private static long term(JsonNode lead, String field) throws DroppedDatagram {
        JsonNode value = lead.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new DroppedDatagram(DropReason.INVALID, "hello lead field '" + field + "' is not a term");
        }
        return value.longValue();
    }

    private static boolean flag(JsonNode data, String field) throws DroppedDatagram {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new DroppedDatagram(DropReason.INVALID, "hello field '" + field + "' is not a boolean");
        }
        return value.booleanValue();
    }
}
