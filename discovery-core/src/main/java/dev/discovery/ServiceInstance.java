package dev.discovery;

import dev.discovery.internal.wire.Json;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One instance of a named service: a node that advertises {@code {"name": ..., ...}}.
 *
 * @param name     the service name
 * @param nodeId   the id of the node that offers it
 * @param hostName the node's host name
 * @param address  the node's address, as its datagrams arrive
 * @param info     everything it advertises, {@code name} included
 */
public record ServiceInstance(String name, String nodeId, String hostName, String address, Map<String, Object> info) {

    public ServiceInstance {
        info = info == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    }

    /** The advertised {@code host}, else the address the node's datagrams come from. */
    public String host() {
        return info.get("host") instanceof String host && !host.isBlank() ? host : address;
    }

    /** The advertised {@code port}, if there is one. */
    public OptionalInt port() {
        return info.get("port") instanceof Number port ? OptionalInt.of(port.intValue()) : OptionalInt.empty();
    }

    /** The advertised info converted to a type of yours. */
    public <T> T info(Class<T> type) {
        return Json.convert(info, type);
    }

    static ServiceInstance of(String name, Node node) {
        return new ServiceInstance(name, node.id(), node.hostName(), node.address(), node.advertisementMap());
    }
}
