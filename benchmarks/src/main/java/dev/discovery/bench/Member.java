package dev.discovery.bench;

import tools.jackson.databind.JsonNode;

/** One running node of a benchmark cluster, in this JVM or in a process of its own. Its events go to an {@link EventLog}. */
interface Member extends AutoCloseable {

    String id();

    /**
     * When the node started, by {@link System#nanoTime()}: just before {@code start()} for a node in this JVM; on
     * arrival of its {@code started} line for a process (printed once its socket is bound and its first hello sent).
     */
    long startedAt();

    void promote();

    /** Steps down, staying eligible. */
    void demote();

    /** Joins a channel; returns once the node has joined. */
    void join(String channel);

    void send(String channel, JsonNode data);

    /** Stops gracefully (for a process: asks it to). */
    void stop();

    /** kill -9 of the node's process; only members in a process of their own can be killed. */
    void kill();

    /** Stops if still running and releases everything; never throws. */
    @Override
    void close();
}
