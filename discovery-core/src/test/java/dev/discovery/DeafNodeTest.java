package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.discovery.internal.engine.Engine;
import dev.discovery.internal.wire.DroppedDatagram;
import dev.discovery.internal.wire.Framing;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.spi.Transport;
import dev.discovery.testing.InMemoryDns;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A node is never alive and deaf (issue 11, item 1): an Error on one datagram costs that datagram; a receive path that
 * died, or one on which nothing decodes any more, makes the node leave the cluster and say so.
 */
class DeafNodeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network = new InMemoryNetwork(scheduler, 11);
    private final DiscoveryOptions options = DiscoveryOptions.builder().hostName("sim").nodeTimeout(TIMEOUT).build();
    private final Discovery peer = new Discovery(options, network.transport("10.0.0.2"), scheduler, "peer");
    private final List<DiscoveryEvent> peerEvents = new CopyOnWriteArrayList<>();

    DeafNodeTest() {
        peer.addListener(peerEvents::add);
    }

    /** The decoder of the issue: a datagram that drives it out of memory, here on demand. */
    private static final class ExhaustingFraming implements Framing {
        private final Framing plain = new PlainFraming();
        volatile boolean always;

        @Override
        public byte[] seal(byte[] json, long wallMillis) {
            return plain.seal(json, wallMillis);
        }

        @Override
        public int maxSealedLength(int jsonLength) {
            return plain.maxSealedLength(jsonLength);
        }

        @Override
        public byte[] open(byte[] datagram, long wallMillis) throws DroppedDatagram {
            if (always || new String(datagram, StandardCharsets.UTF_8).startsWith("[{},{},")) {
                throw new OutOfMemoryError("Java heap space (test)");
            }
            return plain.open(datagram, wallMillis);
        }
    }

    private void attack(String text, int count, Duration over) throws IOException {
        Transport attacker = network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        for (int i = 0; i < count; i++) {
            attacker.send(text.getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
            scheduler.runFor(over.dividedBy(count));
        }
    }

    @Test
    void anErrorWhileDecodingCostsThatDatagramAndTheNodeGoesOn() throws Exception {
        ExhaustingFraming framing = new ExhaustingFraming();
        Engine node = new Engine(options, network.transport("10.0.0.1"), scheduler, new InMemoryDns(), "node", "pid",
                framing);
        List<DiscoveryEvent> events = new CopyOnWriteArrayList<>();
        node.events().addListener(events::add);
        try (LogCapture log = new LogCapture(Discovery.class)) {
            node.start();
            peer.start();
            scheduler.runFor(Duration.ofSeconds(3));

            attack("[{},{},{},{}]", 300, Duration.ofSeconds(30));

            assertThat(node.isRunning()).isTrue();
            assertThat(node.failure()).isEmpty();
            assertThat(node.stats().dropped().get(DropReason.RESOURCE_EXHAUSTED)).isEqualTo(300);
            assertThat(node.nodes()).extracting(Node::id).containsExactly("peer");
            assertThat(peer.nodes()).extracting(Node::id).containsExactly("node");
            assertThat(peerEvents).noneMatch(e -> e instanceof DiscoveryEvent.NodeRemoved);
            // 300 errors in 30 s: an ERROR line at most every 10 s, with the count of the others.
            assertThat(log.lines(Level.ERROR)).hasSizeBetween(1, 4)
                    .allMatch(line -> line.contains("RESOURCE_EXHAUSTED"))
                    .anyMatch(line -> line.contains("more like this"));
        } finally {
            node.stop();
        }
    }

    @Test
    void aReceivePathOnWhichNothingDecodesMakesTheNodeLeaveAndSaySo() throws Exception {
        ExhaustingFraming framing = new ExhaustingFraming();
        Engine node = new Engine(options, network.transport("10.0.0.1"), scheduler, new InMemoryDns(), "node", "pid",
                framing);
        List<DiscoveryEvent> events = new CopyOnWriteArrayList<>();
        node.events().addListener(events::add);
        try (LogCapture log = new LogCapture(Discovery.class)) {
            node.start();
            peer.start();
            scheduler.runFor(Duration.ofSeconds(5));
            assertThat(node.isMaster() || peer.isMaster()).isTrue();

            framing.always = true; // from now on every datagram, the peer's hellos included, exhausts the heap
            scheduler.runFor(TIMEOUT.plusSeconds(1));

            assertThat(node.isRunning()).isFalse();
            assertThat(node.failure()).get().isInstanceOf(OutOfMemoryError.class);
            assertThat(events).anyMatch(e -> e instanceof DiscoveryEvent.Failed);
            assertThat(log.lines(Level.ERROR)).anyMatch(line -> line.contains("Discovery node node failed"));
            // It said goodbye: the peer dropped it at once, as LEFT, and it stays gone since no hello follows.
            assertThat(peerEvents).filteredOn(e -> e instanceof DiscoveryEvent.NodeRemoved).singleElement()
                    .satisfies(e -> assertThat(((DiscoveryEvent.NodeRemoved) e).reason())
                            .isEqualTo(RemovalReason.LEFT));
            long sent = node.stats().sent();
            scheduler.runFor(Duration.ofSeconds(10));
            assertThat(node.stats().sent()).isEqualTo(sent);
            assertThat(peer.nodes()).isEmpty();
            assertThat(peer.isMaster()).isTrue();

            framing.always = false;
            node.start(); // a failed node restarts like a stopped one
            scheduler.runFor(Duration.ofSeconds(3));
            assertThat(node.failure()).isEmpty();
            assertThat(peer.nodes()).extracting(Node::id).containsExactly("node");
        } finally {
            node.stop();
        }
    }

    /** A transport whose receive thread dies, as UdpTransport's did on an OutOfMemoryError. */
    private static final class DyingTransport implements Transport {
        private final Transport inner;
        private Receiver receiver;

        DyingTransport(Transport inner) {
            this.inner = inner;
        }

        @Override
        public void start(Receiver target) throws IOException {
            receiver = target;
            inner.start(target);
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress destination) throws IOException {
            inner.send(datagram, destination);
        }

        @Override
        public void stop() {
            inner.stop();
        }

        void die() {
            receiver.failed(new OutOfMemoryError("Java heap space (test)"));
        }
    }

    @Test
    void aTransportThatStopsDeliveringMakesTheNodeLeaveStopSayingHelloAndSaySo() {
        DyingTransport transport = new DyingTransport(network.transport("10.0.0.1"));
        Discovery node = new Discovery(options, transport, scheduler, "node");
        List<DiscoveryEvent> events = new CopyOnWriteArrayList<>();
        node.addListener(events::add);
        node.start();
        peer.start();
        scheduler.runFor(Duration.ofSeconds(5));
        assertThat(peer.nodes()).hasSize(1);

        transport.die();
        scheduler.runFor(Duration.ofSeconds(10));

        assertThat(node.isRunning()).isFalse();
        assertThat(node.failure()).get().isInstanceOf(OutOfMemoryError.class);
        assertThat(events).anyMatch(e -> e instanceof DiscoveryEvent.Failed);
        assertThat(peer.nodes()).isEmpty();
        assertThat(peer.masters()).extracting(Node::id).containsExactly("peer");
        node.stop();
        assertThat(node.failure()).as("stop() releases what the failed node held").isEmpty();
    }

    @Test
    void aTimerThatDiesMakesTheNodeLeaveRatherThanFallMute() {
        Transport inner = network.transport("10.0.0.1");
        boolean[] broken = {false};
        Transport transport = new Transport() {
            @Override
            public void start(Receiver receiver) throws IOException {
                inner.start(receiver);
            }

            @Override
            public void send(byte[] datagram, InetSocketAddress destination) throws IOException {
                if (broken[0]) {
                    throw new OutOfMemoryError("Java heap space (test)");
                }
                inner.send(datagram, destination);
            }

            @Override
            public void stop() {
                inner.stop();
            }
        };
        Discovery node = new Discovery(options, transport, scheduler, "node");
        node.start();
        peer.start();
        scheduler.runFor(Duration.ofSeconds(5));

        broken[0] = true;
        scheduler.runFor(Duration.ofSeconds(3));

        assertThat(node.isRunning()).isFalse();
        assertThat(node.failure()).get().isInstanceOf(OutOfMemoryError.class);
        assertThat(peer.nodes()).isEmpty();
        node.stop();
    }
}
