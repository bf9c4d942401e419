package dev.discovery;

import dev.discovery.spi.Scheduler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link ServiceDiscovery} and {@link MasterWork} learn who is there and who leads. {@link Discovery}, the UDP
 * engine, is one; a registry the application already runs (through Spring Cloud's {@code DiscoveryClient} and a
 * Spring Integration leader initiator) is another. An implementation reports changes as {@link DiscoveryEvent}s
 * ({@code NodeAdded}, {@code NodeUpdated}, {@code NodeRemoved}, {@code Promoted}, {@code Demoted}) delivered in order
 * through its {@link #scheduler()}.
 */
public interface Membership {

    /** Starts taking part; events follow. */
    void start();

    /** Stops taking part and releases threads. */
    void stop();

    /** Whether it takes part now. */
    boolean isRunning();

    /** This node's id, as the others see it. */
    String id();

    /** A snapshot of this node. */
    Node self();

    /** A snapshot of every other node currently alive. */
    List<Node> nodes();

    /** Every master known, this node first when it is one. */
    List<Node> masters();

    /** Whether this node is a master now. */
    boolean isMaster();

    /** Sets what this node advertises (its service); {@code null} withdraws it. */
    void advertise(@Nullable Object advertisement);

    void addListener(DiscoveryListener listener);

    boolean removeListener(DiscoveryListener listener);

    /** Time, timers and the ordered event delivery that the services on top share. */
    Scheduler scheduler();
}
