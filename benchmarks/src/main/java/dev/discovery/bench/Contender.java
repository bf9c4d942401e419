package dev.discovery.bench;

import java.io.IOException;

/** One of the two implementations compared: it starts nodes of a cluster the way that implementation runs them. */
interface Contender {

    String name();

    /** A node that stays up: in the harness JVM where the implementation allows it, else in a process. */
    Member startMember(ClusterSettings settings, double weight, EventLog log) throws IOException;

    /** A node in a process of its own, which can be killed with kill -9. */
    Member startProcess(ClusterSettings settings, double weight, EventLog log) throws IOException;
}
