package dev.discovery;

/**
 * Something that runs only on the leader of its group: a poller, a consumer that must be single, a connection only the
 * leader holds. Registered with {@link MasterWork#register}, it is started when this node becomes the leader and
 * stopped when it stops being the leader or the node stops.
 */
public interface MasterLifecycle {

    /** Called when this node becomes the leader. Start the work (on a thread of yours if it runs on) and return. */
    void start();

    /**
     * Called when this node stops being the leader, or stops. When it returns the work must have stopped: this node
     * starts it again only after that, and another node may already be running it.
     */
    void stop();

    /**
     * Whether registering it makes this node a candidate for the lead, as master-only work does (the default). A
     * lifecycle that only reports the lead, and is not work itself, says false.
     */
    default boolean isWork() {
        return true;
    }
}
