package dev.discovery.bench;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One running node of a benchmark cluster, in this JVM or in a process of its own. Its events go to an {@link EventLog}. */
interface Member extends AutoCloseable {

    String id();

    /**
     * When the node started, by {@link System#nanoTime()}: just before {@code start()} for a node in this JVM; on
     * arrival of its {@code started} line for a process (printed once its socket is bound and its first hello sent).
     */
    long startedAt();

    /**
     * When its first hello had left, by {@link System#nanoTime()}: for a node in this JVM when the socket's first send
     * returned; for a process the same as {@link #startedAt()}. So that discovery can be timed from the same point for
     * both implementations: node-discover's clock starts there.
     */
    default long firstHelloAt() {
        return startedAt();
    }

    void promote();

    /** Steps down, staying eligible. */
    void demote();

    /** Joins a channel; returns once the node has joined. */
    void join(String channel);

    void send(String channel, JsonNode data);

    /**
     * Sends every message, in order, as fast as the node takes them. A process gets every command in one write of
     * lines prepared beforehand, so that a burst measures the peer, not how fast the harness formats commands.
     *
     * @return {@link System#nanoTime()} when the first message was handed over: where the burst's clock starts
     */
    default long sendAll(String channel, List<JsonNode> data) {
        long start = System.nanoTime();
        data.forEach(item -> send(channel, item));
        return start;
    }

    /** CPU time the node's process has used so far (all its threads), or -1 when that is not known. */
    default long processCpuNanos() {
        return -1;
    }

    /** Stops gracefully (for a process: asks it to). */
    void stop();

    /** kill -9 of the node's process; only members in a process of their own can be killed. */
    void kill();

    /** Stops if still running and releases everything; never throws. */
    @Override
    void close();
}
