package dev.discovery;

import dev.discovery.spi.Scheduler;

/** What a {@link ServiceDiscovery} knows of one node that advertises a service; guarded by its lock. */
final class TrackedInstance {

    final String nodeId;
    final String name;
    ServiceInstance instance;
    /** The node does not advertise {@code "ready": false}. */
    boolean readyFlag;
    /** How many of its name's setup hooks succeeded, in order. */
    int hooksDone;
    boolean available;
    boolean queued;
    /** Failed setups so far, for the backoff. */
    int failures;
    /** Changes whenever a running setup must be ignored: the instance went away, or the setup timed out. */
    int attempt;
    Scheduler.Timer timer;

    TrackedInstance(String nodeId, String name) {
        this.nodeId = nodeId;
        this.name = name;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
