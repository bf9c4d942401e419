package dev.discovery.bench;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryOptions;
import dev.discovery.internal.net.UdpTransport;
import tools.jackson.databind.JsonNode;

/** A Java node in the harness JVM on real loopback sockets; its listener stamps each event as it is delivered. */
final class InJvmMember implements Member {

    private final Discovery discovery;
    private final long startedAt;
    private final FirstSendClock clock;

    private InJvmMember(Discovery discovery, long startedAt, FirstSendClock clock) {
        this.discovery = discovery;
        this.startedAt = startedAt;
        this.clock = clock;
    }

    static InJvmMember start(DiscoveryOptions options, EventLog log) {
        FirstSendClock clock = new FirstSendClock(new UdpTransport(options));
        Discovery discovery = new Discovery(options, clock, null);
        String self = discovery.id();
        discovery.addListener(event -> {
            long now = System.nanoTime();
            Observed observed = observe(self, event, now);
            if (observed != null) {
                log.record(observed);
            }
        });
        long startedAt = System.nanoTime();
        discovery.start();
        return new InJvmMember(discovery, startedAt, clock);
    }

    /** Our events in node-discover's vocabulary, so that both are measured by the same code. */
    static Observed observe(String self, DiscoveryEvent event, long now) {
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            return new Observed(self, Observed.Kind.ADDED, e.node().id(), now, null);
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            return new Observed(self, Observed.Kind.REMOVED, e.node().id(), now, null);
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            return new Observed(self, Observed.Kind.MASTER, e.node().id(), now, null);
        } else if (event instanceof DiscoveryEvent.Promoted) {
            return new Observed(self, Observed.Kind.PROMOTED, self, now, null);
        } else if (event instanceof DiscoveryEvent.Demoted) {
            return new Observed(self, Observed.Kind.DEMOTED, self, now, null);
        }
        return null; // NodeUpdated and DataError have no node-discover counterpart
    }

    @Override
    public String id() {
        return discovery.id();
    }

    @Override
    public long startedAt() {
        return startedAt;
    }

    @Override
    public long firstHelloAt() {
        return clock.firstSentAt();
    }

    @Override
    public void promote() {
        discovery.promote();
    }

    @Override
    public void demote() {
        discovery.demote(false);
    }

    @Override
    public void join(String channel) {
        throw new UnsupportedOperationException("channel scenarios use processes on both sides");
    }

    @Override
    public void send(String channel, JsonNode data) {
        throw new UnsupportedOperationException("channel scenarios use processes on both sides");
    }

    @Override
    public void stop() {
        discovery.stop();
    }

    @Override
    public void kill() {
        throw new UnsupportedOperationException("a node in the harness JVM cannot be killed; use a process");
    }

    @Override
    public void close() {
        discovery.stop();
    }
}
