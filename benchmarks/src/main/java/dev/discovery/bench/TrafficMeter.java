package dev.discovery.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listening socket on the cluster's port that counts every broadcast datagram and its bytes: since every node
 * broadcasts, that is what the whole cluster sends (and what each node receives).
 */
final class TrafficMeter implements AutoCloseable {

    private final DatagramChannel channel;
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private TrafficMeter(DatagramChannel channel) {
        this.channel = channel;
        Thread reader = new Thread(this::count, "traffic-meter");
        reader.setDaemon(true);
        reader.start();
    }

    static TrafficMeter listen(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        channel.bind(new InetSocketAddress("0.0.0.0", port));
        return new TrafficMeter(channel);
    }

    private void count() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                if (channel.receive(buffer) != null) {
                    datagrams.incrementAndGet();
                    bytes.addAndGet(buffer.position());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // a transient receive error: keep counting
            }
        }
    }

    long datagrams() {
        return datagrams.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
