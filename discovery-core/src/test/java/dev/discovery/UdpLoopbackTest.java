package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.discovery.internal.net.DestinationGuard;
import dev.discovery.internal.net.UdpTransport;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real UDP sockets on loopback: broadcast, multicast on lo, unicast. */
class UdpLoopbackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final List<Discovery> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Discovery::stop);
    }

    private List<Discovery> startNodes(int count, UnaryOperator<DiscoveryOptions.Builder> options) {
        List<Discovery> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Discovery d = new Discovery(options.apply(DiscoveryOptions.builder()).build());
            started.add(d);
            nodes.add(d);
        }
        nodes.forEach(Discovery::start);
        return nodes;
    }

    private static void awaitFullMeshWithOneMaster(List<Discovery> nodes) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Discovery d : nodes) {
                Set<String> expected = nodes.stream().filter(o -> o != d).map(Discovery::id).collect(Collectors.toSet());
                assertThat(d.nodes()).extracting(Node::id).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(nodes.stream().filter(Discovery::isMaster)).hasSize(1);
            String master = nodes.stream().filter(Discovery::isMaster).findFirst().orElseThrow().id();
            for (Discovery d : nodes) {
                assertThat(d.masters()).extracting(Node::id).containsExactly(master);
            }
        });
    }

    @Test
    void startingSaysWhereTheNodeListensAndSends() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(dev.discovery.internal.net.UdpTransport.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            int port = Loopback.freePort();
            startNodes(1, b -> Loopback.options(port).key("secret"));
            assertThat(appender.list).extracting(e -> e.getFormattedMessage()).contains("Discovery listens on UDP "
                    + "0.0.0.0:" + port + " and sends to broadcast 127.255.255.255:" + port + ", encrypted with a key");
        } finally {
            logger.setLevel(level);
            logger.detachAppender(appender);
        }
    }

    @Test
    void fiveNodesInOneJvmFindEachOtherOverLoopbackBroadcastAndElectOneMaster() {
        int port = Loopback.freePort();
        List<Discovery> nodes = startNodes(5, b -> Loopback.options(port));
        awaitFullMeshWithOneMaster(nodes);
        Node peer = nodes.get(0).nodes().get(0);
        assertThat(peer.address()).startsWith("127.");
        assertThat(peer.port()).isEqualTo(port);
        assertThat(peer.hostName()).isEqualTo("loopback-test");
    }

    @Test
    void multicastOnTheLoopbackInterface() {
        int port = Loopback.freePort();
        List<Discovery> nodes = startNodes(3, b -> Loopback.options(port).multicast("239.255.77.77").multicastInterface("lo"));
        awaitFullMeshWithOneMaster(nodes);
    }

    @Test
    void unicastToEachOthersAddressAndPort() {
        int[] ports = {Loopback.freePort(), Loopback.freePort(), Loopback.freePort()};
        List<Discovery> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> others = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                if (j != i) {
                    others.add("127.0.0.1:" + ports[j]);
                }
            }
            Discovery d = new Discovery(Loopback.options(ports[i]).bindAddress("127.0.0.1").unicast(others).build());
            started.add(d);
            nodes.add(d);
        }
        nodes.forEach(Discovery::start);
        awaitFullMeshWithOneMaster(nodes);
    }

    @Test
    void channelMessagesReachEverySubscriberAndOnlyThem() {
        int port = Loopback.freePort();
        List<Discovery> nodes = startNodes(4, b -> Loopback.options(port));
        awaitFullMeshWithOneMaster(nodes);
        List<ChannelMessage> atOne = new CopyOnWriteArrayList<>();
        List<ChannelMessage> atTwo = new CopyOnWriteArrayList<>();
        List<ChannelMessage> elsewhere = new CopyOnWriteArrayList<>();
        nodes.get(1).join("orders", atOne::add);
        nodes.get(2).join("orders", atTwo::add);
        nodes.get(3).join("audit", elsewhere::add);

        assertThat(nodes.get(0).send("orders", java.util.Map.of("id", 7))).isTrue();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(atOne).singleElement().satisfies(m -> assertThat(m.sender().id()).isEqualTo(nodes.get(0).id()));
            assertThat(atTwo).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo(java.util.Map.of("id", 7)));
        });
        assertThat(elsewhere).isEmpty();
    }

    @Test
    void aGracefulStopIsSeenAsLeftAtOnce() {
        int port = Loopback.freePort();
        List<Discovery> nodes = startNodes(3, b -> Loopback.options(port).nodeTimeout(Duration.ofSeconds(20)));
        await().atMost(PATIENCE).until(() -> nodes.get(0).nodes().size() == 2);
        List<DiscoveryEvent.NodeRemoved> removed = new CopyOnWriteArrayList<>();
        nodes.get(0).addListener(e -> {
            if (e instanceof DiscoveryEvent.NodeRemoved r) {
                removed.add(r);
            }
        });
        nodes.get(2).stop();
        // With a 20 s timeout, only the goodbye can explain a removal within the wait.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(removed).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RemovalReason.LEFT)));
    }

    @Test
    void stopLeavesNoThreadBehind() {
        int port = Loopback.freePort();
        Discovery d = startNodes(1, b -> Loopback.options(port)).get(0);
        await().atMost(PATIENCE).until(() -> d.stats().sent() > 1);
        d.stop();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("discovery-") && name.contains(d.id().substring(0, 8)))
                .noneMatch(name -> name.equals("discovery-receive-" + port));
        d.start();
        await().atMost(PATIENCE).until(() -> d.isRunning() && d.stats().sent() > 3);
    }

    @Test
    void anInterruptedCallerDoesNotCloseTheSocket() {
        int port = Loopback.freePort();
        List<Discovery> nodes = startNodes(2, b -> Loopback.options(port));
        await().atMost(PATIENCE).until(() -> nodes.get(1).nodes().size() == 1);
        List<ChannelMessage> received = new CopyOnWriteArrayList<>();
        nodes.get(1).join("jobs", received::add);

        Thread.currentThread().interrupt();
        try {
            assertThat(nodes.get(0).send("jobs", "while interrupted")).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).as("the flag is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(nodes.get(0).send("jobs", "afterwards")).isTrue();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(received).extracting(ChannelMessage::payload)
                .containsExactly("while interrupted", "afterwards"));
        assertThat(nodes.get(0).stats().sendFailures()).isZero();
    }

    @Test
    void aListenerMayRestartItsOwnNodeAndEventsStayInOrder() {
        int port = Loopback.freePort();
        Discovery restarting = new Discovery(Loopback.options(port).build());
        Discovery other = new Discovery(Loopback.options(port).build());
        started.add(restarting);
        started.add(other);
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        restarting.addListener(e -> {
            seen.add(e.getClass().getSimpleName());
            if (e instanceof DiscoveryEvent.NodeAdded && once.compareAndSet(false, true)) {
                restarting.stop();
                restarting.start();
            }
        });
        restarting.start();
        other.start();
        await().atMost(PATIENCE).until(() -> once.get() && restarting.isRunning() && restarting.nodes().size() == 1);
        // The restarted node forgot its table and learns the other node again: a second NodeAdded, after the first.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(seen).filteredOn(name -> name.equals("NodeAdded")).hasSize(2));
    }

    @Test
    void aBindFailureNamesTheAddressAndPort() throws Exception {
        int port = Loopback.freePort();
        try (DatagramSocket holder = new DatagramSocket(null)) {
            holder.setReuseAddress(false);
            holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            Discovery d = new Discovery(Loopback.options(port).bindAddress("127.0.0.1").reuseAddr(false).build());
            assertThatThrownBy(d::start).isInstanceOf(DiscoveryException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("reuseAddr");
            assertThat(d.isRunning()).isFalse();
        }
        Discovery foreign = new Discovery(Loopback.options(port).bindAddress("10.254.254.254").build());
        assertThatThrownBy(foreign::start).isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("10.254.254.254:" + port);
    }

    @Test
    void theTestGuardRefusesANodeThatWouldSendOutsideLoopback() {
        assertThat(System.getProperty(DestinationGuard.PROPERTY)).as("surefire sets the guard").isEqualTo("127.0.0.0/8");
        // These are only resolved and refused: the guard runs before the socket exists, so nothing is sent.
        for (DiscoveryOptions options : List.of(
                DiscoveryOptions.builder().port(Loopback.freePort()).build(),
                DiscoveryOptions.builder().port(Loopback.freePort()).unicast("10.1.2.3").build(),
                DiscoveryOptions.builder().port(Loopback.freePort()).multicast("239.1.2.3").build())) {
            Discovery d = new Discovery(options);
            assertThatThrownBy(d::start).hasMessageContaining("Refusing to send").hasMessageContaining("allowedDestinations");
        }
    }

    @Test
    void theTestGuardAlsoRefusesEachLaterDatagramToAnAddressOutsideLoopback() throws Exception {
        UdpTransport transport = new UdpTransport(Loopback.options(Loopback.freePort()).build());
        transport.start((data, source) -> { });
        try {
            byte[] datagram = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThatThrownBy(() -> transport.send(datagram, new java.net.InetSocketAddress("10.1.2.3", 12345)))
                    .hasMessageContaining("Refusing to send to /10.1.2.3:12345");
            assertThatThrownBy(() -> transport.send(datagram, new java.net.InetSocketAddress("::1", 12345)))
                    .hasMessageContaining("Refusing to send");
            transport.send(datagram, new java.net.InetSocketAddress("127.0.0.1", 12345));
        } finally {
            transport.stop();
        }
    }
}
