package dev.discovery.spring.test;

import dev.discovery.Discovery;

/** A node on a {@link TestDiscoveryNetwork}: an application started on it, a fake peer, or a test's own context. */
public interface NetworkNode {

    /** Its address on the network, such as {@code 10.0.0.3}; peers see it as the node's address. */
    String address();

    /** The node itself. */
    Discovery discovery();
}
