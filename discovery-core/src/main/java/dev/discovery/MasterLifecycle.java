package dev.discovery;

/**
 * Something that runs only on the leading master: a poller, a consumer that must be single, a connection only the
 * master holds. Registered with {@link MasterWork#register}, it is started when this node becomes the leader and
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
}
