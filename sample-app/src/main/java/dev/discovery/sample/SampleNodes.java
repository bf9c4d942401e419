package dev.discovery.sample;

import dev.discovery.Node;

/** How the sample names a node in its logs: its service and port when it advertises them, else its id. */
final class SampleNodes {

    private SampleNodes() {
    }

    static String describe(Node node) {
        Object name = node.advertisementMap().get("name");
        Object port = node.advertisementMap().get("port");
        return name == null ? node.id() : name + ":" + port;
    }
}
