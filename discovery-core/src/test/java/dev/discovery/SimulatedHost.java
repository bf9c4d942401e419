package dev.discovery;

import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;

/**
 * A host of the seeded simulations on the in-memory network, at 10.0.0.{index}, with the lifecycle of its process: a
 * crash (no goodbye) and a restart as a new process (a new id), a graceful stop and a rejoin of the same process, and
 * a {@link HostClock} that can pause and jump. A simulation says what a new process is (its node and what it builds
 * on it) and what a start means to it.
 */
abstract class SimulatedHost {

    final int index;
    final String address;
    final HostClock clock;
    private final InMemoryNetwork network;
    int incarnation;
    HostLink link;
    Discovery discovery;
    private boolean crashed;
    private boolean left;

    SimulatedHost(InMemoryNetwork network, VirtualScheduler scheduler, int index) {
        this.network = network;
        this.index = index;
        this.address = "10.0.0." + index;
        this.clock = new HostClock(scheduler);
    }

    /** A new process of this host, not yet started: its node, with id {@code id}, on {@code link} and {@link #clock}. */
    abstract Discovery newProcess(HostLink link, String id);

    /** Runs just before the node starts or rejoins. */
    void starting() {
    }

    boolean isRunning() {
        return discovery != null && discovery.isRunning();
    }

    void startNewProcess() {
        incarnation++;
        link = new HostLink(network.transport(address), clock);
        discovery = newProcess(link, String.format("h%02d-%d", index, incarnation));
        start();
    }

    private void start() {
        starting();
        discovery.start();
    }

    void crash() {
        if (isRunning()) {
            link.crash();
            crashed = true;
            discovery.stop();
        }
    }

    void leave() {
        if (isRunning()) {
            left = true;
            discovery.stop();
        }
    }

    /** Restarts a crashed host as a new process, rejoins a stopped one; a running one stays as it is. */
    void recover() {
        if (crashed) {
            crashed = false;
            startNewProcess();
        } else if (left) {
            left = false;
            start();
        }
    }

    void stop() {
        if (isRunning()) {
            discovery.stop();
        }
    }
}
