package dev.discovery.internal.wire;

import dev.discovery.DropReason;
import dev.discovery.internal.net.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data of a {@code discovery:peers} datagram, which nodes with seeds exchange: {@code token} asks the receiver to
 * prove that it receives at its address by sending the token back as {@code echo}; {@code peers} names up to
 * {@value #MAX_PEERS} addresses of nodes the sender hears, as IP literals with ports. Each field is left out when empty.
 */
public record PeerList(@Nullable String token, @Nullable String echo, List<InetSocketAddress> peers) {

    /** The most addresses one datagram names: about 700 bytes of IPv4 addresses, so it stays below a 1,500-byte MTU. */
    public static final int MAX_PEERS = 32;
    private static final int MAX_TOKEN_CHARS = 64;
    private static final int MAX_ENTRY_CHARS = 64;

    public PeerList {
        peers = List.copyOf(peers);
    }

    public ObjectNode toJson() {
        ObjectNode data = Json.MAPPER.createObjectNode();
        if (token != null) {
            data.put("token", token);
        }
        if (echo != null) {
            data.put("echo", echo);
        }
        if (!peers.isEmpty()) {
            ArrayNode list = data.putArray("peers");
            peers.forEach(peer -> list.add(HostPort.format(peer)));
        }
        return data;
    }

    /**
     * Reads the data of a {@code discovery:peers} datagram. Entries that are not IP literals with a port (names, which
     * would need a lookup, or scoped addresses, which mean nothing on another host) are skipped; a malformed datagram is
     * refused whole.
     */
    public static PeerList fromJson(@Nullable JsonNode data) throws DroppedDatagram {
        if (data == null || !data.isObject()) {
            throw new DroppedDatagram(DropReason.INVALID, "peers data is not an object");
        }
        String token = text(data, "token");
        String echo = text(data, "echo");
        JsonNode list = data.get("peers");
        List<InetSocketAddress> peers = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray() || list.size() > MAX_PEERS) {
                throw new DroppedDatagram(DropReason.INVALID, "peers is not an array of at most " + MAX_PEERS + " entries");
            }
            for (JsonNode entry : list) {
                if (!entry.isString() || entry.stringValue().length() > MAX_ENTRY_CHARS) {
                    throw new DroppedDatagram(DropReason.INVALID, "a peers entry is not a short string");
                }
                InetSocketAddress peer = literal(entry.stringValue());
                if (peer != null) {
                    peers.add(peer);
                }
            }
        }
        return new PeerList(token, echo, peers);
    }

    private static @Nullable InetSocketAddress literal(String entry) {
        boolean withPort = entry.startsWith("[") ? entry.contains("]:")
                : entry.indexOf(':') > 0 && entry.indexOf(':') == entry.lastIndexOf(':');
        if (!withPort || entry.indexOf('%') >= 0) {
            return null;
        }
        try {
            HostPort hostPort = HostPort.parse(entry, 1);
            InetAddress address = hostPort.literal();
            return address == null ? null : new InetSocketAddress(address, hostPort.port());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable String text(JsonNode data, String field) throws DroppedDatagram {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.stringValue().length() > MAX_TOKEN_CHARS) {
            throw new DroppedDatagram(DropReason.INVALID, "peers field '" + field + "' is not a short string");
        }
        return value.stringValue();
    }
}
