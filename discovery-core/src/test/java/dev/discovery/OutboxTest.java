package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.spi.Transport;
import dev.discovery.testing.VirtualScheduler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The socket write happens after the engine's lock is released: while one thread is stuck writing a datagram, the
 * node still answers, and still takes in what it receives. Datagrams leave in the order they were decided.
 */
class OutboxTest {

    /** The fake socket sends nowhere; the options still name loopback, as every test's do. */
    private static final String LOOPBACK_BROADCAST = "127.255.255.255";

    private static final String PEER_HELLO = "{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"peer\",\"hostName\":\"h\","
            + "\"data\":{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1}}";

    /** Holds every channel message in {@code send} until released; records everything it is given. */
    private static final class SlowSocket implements Transport {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<InetSocketAddress> destinations = new CopyOnWriteArrayList<>();
        volatile Receiver receiver;

        @Override
        public void start(Receiver target) {
            receiver = target;
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress destination) throws java.io.IOException {
            String text = new String(datagram, StandardCharsets.UTF_8);
            if (text.contains("\"event\":\"chat\"")) {
                writing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            sent.add(text);
            destinations.add(destination);
        }

        @Override
        public void stop() {
        }
    }

    /** Two blocking steps run at once: on threads of the test's own, never the common pool (one thread on 2 cores). */
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aSlowSocketWriteHoldsNoLockThatTheRestOfTheNodeNeeds() throws Exception {
        SlowSocket socket = new SlowSocket();
        Discovery node = new Discovery(DiscoveryOptions.builder().broadcast(LOOPBACK_BROADCAST).build(), socket, new VirtualScheduler());
        node.start();
        CompletableFuture<Boolean> stuck = CompletableFuture.supplyAsync(() -> node.send("chat", "slow"), threads);
        assertThat(socket.writing.await(30, TimeUnit.SECONDS)).as("the write started").isTrue();

        CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> {
            socket.receiver.receive(PEER_HELLO.getBytes(StandardCharsets.UTF_8), new InetSocketAddress("127.0.0.2", 12345));
            assertThat(node.nodes()).extracting(Node::id).containsExactly("peer");
            assertThat(node.isMaster()).isFalse();
            assertThat(node.stats().received()).isEqualTo(1);
        }, threads);
        meanwhile.get(30, TimeUnit.SECONDS);
        assertThat(stuck).isNotDone();

        socket.release.countDown();
        assertThat(stuck.get(30, TimeUnit.SECONDS)).isTrue();
        node.stop();
        assertThat(socket.sent).hasSize(3);
        assertThat(socket.sent.get(0)).contains("\"event\":\"hello\"");
        assertThat(socket.sent.get(1)).contains("\"event\":\"chat\"");
        assertThat(socket.sent.get(2)).as("the goodbye leaves before the socket closes").contains("discovery:goodbye");
        assertThat(socket.destinations).containsOnly(new InetSocketAddress(LOOPBACK_BROADCAST, 12345));
    }

    @Test
    void datagramsLeaveInTheOrderTheyWereDecided() {
        SlowSocket socket = new SlowSocket();
        VirtualScheduler clock = new VirtualScheduler();
        Discovery node = new Discovery(DiscoveryOptions.builder().broadcast(LOOPBACK_BROADCAST).build(), socket, clock);
        node.start();
        node.advertise("first");
        node.promote();
        node.advertise("second");
        clock.runFor(Duration.ofMillis(1500));
        node.stop();

        assertThat(socket.sent).hasSize(6);
        assertThat(socket.sent.get(1)).contains("\"advertisement\":\"first\"").contains("\"isMaster\":false");
        assertThat(socket.sent.get(2)).contains("\"advertisement\":\"first\"").contains("\"isMaster\":true");
        assertThat(socket.sent.get(3)).contains("\"advertisement\":\"second\"").contains("\"isMaster\":true");
        assertThat(socket.sent.get(4)).as("the timer's hello").contains("\"advertisement\":\"second\"");
        assertThat(socket.sent.get(5)).contains("discovery:goodbye");
    }

    @Test
    void aMessageTooLargeIsRefusedBeforeAnythingIsQueued() {
        SlowSocket socket = new SlowSocket();
        Discovery node = new Discovery(DiscoveryOptions.builder().keys(List.of("secret")).build(), socket,
                new VirtualScheduler());
        node.start();
        int before = socket.sent.size();
        assertThatThrownBy(() -> node.send("chat", "x".repeat(DiscoveryOptions.MAX_DATAGRAM_BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThat(socket.sent).hasSize(before);
        node.stop();
    }
}
