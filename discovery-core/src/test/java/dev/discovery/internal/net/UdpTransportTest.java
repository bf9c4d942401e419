package dev.discovery.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Loopback;
import dev.discovery.spi.Transport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

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
        try (DatagramSocket sender = new DatagramSocket()) {
            byte[] junk = "{}".getBytes();
            sender.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(failure.get()).isInstanceOf(OutOfMemoryError.class));
        } finally {
            transport.stop();
        }
    }
}
