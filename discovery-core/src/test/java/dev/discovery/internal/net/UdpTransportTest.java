package dev.discovery.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.discovery.Loopback;
import dev.discovery.spi.DatagramTooLongException;
import dev.discovery.spi.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

    @Test
    void aDatagramTheSocketRefusesForItsLengthSaysSoByItsType() throws Exception {
        UdpTransport transport = new UdpTransport(Loopback.options(Loopback.freePort()).build());
        transport.start((data, source) -> { });
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress destination = new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.getLocalPort());
            assertThatThrownBy(() -> transport.send(new byte[65_508], destination)) // one byte over IPv4's limit
                    .isInstanceOf(DatagramTooLongException.class).hasMessageContaining("65508");
            transport.send(new byte[65_507], destination);
            peer.setSoTimeout(30_000);
            DatagramPacket received = new DatagramPacket(new byte[70_000], 70_000);
            peer.receive(received);
            assertThat(received.getLength()).isEqualTo(65_507);
        } finally {
            transport.stop();
        }
    }

    @Test
    void aReceiveThreadKilledByAnErrorTellsTheReceiverInsteadOfDyingSilently() throws Exception {
        int port = Loopback.freePort();
        UdpTransport transport = new UdpTransport(Loopback.options(port).build());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        transport.start(new Transport.Receiver() {
            @Override
            public void receive(byte[] data, java.net.InetSocketAddress source) {
                throw new OutOfMemoryError("Java heap space (test)");
            }

            @Override
            public void failed(Throwable cause) {
                failure.set(cause);
            }
        });
        transport.startReceiving();
        try (DatagramSocket sender = new DatagramSocket()) {
            byte[] junk = "{}".getBytes();
            sender.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(failure.get()).isInstanceOf(OutOfMemoryError.class));
        } finally {
            transport.stop();
        }
    }

    /**
     * Two nodes of one JVM share a port, as tests and several services on one host do; one of them stalls while a
     * burst arrives. Each reports its own socket's kernel drops, and every datagram sent is either received or dropped.
     */
    @Test
    void kernelDropsOfEachSocketAreCountedOnLinux() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/udp")), "Linux only");
        int port = Loopback.freePort();
        UdpTransport stalled = new UdpTransport(Loopback.options(port).build());
        UdpTransport free = new UdpTransport(Loopback.options(port).build());
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong stalledReceived = new AtomicLong();
        AtomicLong freeReceived = new AtomicLong();
        stalled.start((data, source) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stalledReceived.incrementAndGet();
        });
        free.start((data, source) -> freeReceived.incrementAndGet());
        stalled.startReceiving();
        free.startReceiving();
        try (DatagramSocket sender = new DatagramSocket()) {
            assertThat(stalled.kernelDrops()).hasValue(0);
            sender.setBroadcast(true);
            byte[] datagram = new byte[1024];
            int sent = 20_000; // about 40 MB of kernel buffer at 2 KB each: several times the 8 MB a socket gets
            for (int i = 0; i < sent; i++) {
                sender.send(new DatagramPacket(datagram, datagram.length, InetAddress.getByName(Loopback.BROADCAST), port));
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(stalledReceived.get() + stalled.kernelDrops().orElseThrow()).isEqualTo(sent);
                assertThat(freeReceived.get() + free.kernelDrops().orElseThrow()).isEqualTo(sent);
            });
            assertThat(stalled.kernelDrops().orElseThrow()).isPositive();
        } finally {
            release.countDown();
            stalled.stop();
            free.stop();
        }
        long dropsAfterStop = stalled.kernelDrops().orElseThrow();
        assertThat(dropsAfterStop).as("kept after the socket closed").isPositive();
    }
}
