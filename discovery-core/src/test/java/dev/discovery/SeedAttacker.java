package dev.discovery;

import dev.discovery.internal.wire.Json;
import dev.discovery.spi.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * K hostile sockets on one address of the in-memory network posing as K peers of a node with seeds (issue 20, item 1):
 * each says hello with its own id, answers every challenge, and sends a list of addresses nobody answers at. What the
 * victim then sends to those addresses, against what the attacker sent, is the gain of the attack.
 */
final class SeedAttacker {

    private final SimCluster cluster;
    private final String address;
    private final InetSocketAddress victim;
    private final IntFunction<String> name;
    private final List<Transport> sockets = new ArrayList<>();
    /** Every address named so far: where the victim's datagrams to learned, unverified addresses went. */
    final Set<String> named = new LinkedHashSet<>();

    /** Sockets on {@code address}; the n-th address named is {@code name.apply(n)}, a literal without port. */
    SeedAttacker(SimCluster cluster, String address, int count, InetSocketAddress victim, IntFunction<String> name) {
        this.cluster = cluster;
        this.address = address;
        this.victim = victim;
        this.name = name;
        for (int k = 0; k < count; k++) {
            Transport socket = cluster.network.transport(address, 20_000 + k);
            try {
                socket.start((data, source) -> answer(socket, data));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sockets.add(socket);
        }
    }

    /** What every socket sends each second: a hello, to stay a member, and a list of fresh addresses. */
    void tick() {
        for (int k = 0; k < sockets.size(); k++) {
            send(sockets.get(k), k, "hello", "{\"isMaster\":false,\"isMasterEligible\":false,\"weight\":-1}");
            send(sockets.get(k), k, "discovery:peers", "{\"peers\":" + fresh() + "}");
        }
    }

    long sent() {
        return cluster.network.datagramsSentBy(address);
    }

    /** Datagrams the victim (or anyone) sent to the addresses named. */
    long sentToNamed() {
        return named.stream().mapToLong(cluster.network::datagramsSentTo).sum();
    }

    private void answer(Transport socket, byte[] data) {
        JsonNode envelope = Json.MAPPER.readTree(data);
        JsonNode token = envelope.path("data").path("token");
        if ("discovery:peers".equals(envelope.path("event").asString()) && token.isString()) {
            send(socket, sockets.indexOf(socket), "discovery:peers",
                    "{\"echo\":\"" + token.asString() + "\",\"peers\":" + fresh() + "}");
        }
    }

    private String fresh() {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String next = name.apply(named.size());
            named.add(next);
            list.add("\"" + next + ":12345\"");
        }
        return "[" + String.join(",", list) + "]";
    }

    private void send(Transport socket, int k, String event, String data) {
        String json = "{\"event\":\"" + event + "\",\"pid\":\"p\",\"iid\":\"attacker-" + k + "\",\"hostName\":\"x\","
                + "\"data\":" + data + "}";
        try {
            socket.send(json.getBytes(StandardCharsets.UTF_8), victim);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
