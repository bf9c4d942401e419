package dev.discovery.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A control for convergence at scale: N bare sockets on one port, each with its own receive thread as a node has,
 * and between them one broadcast of a hello-sized datagram per socket per second, as N nodes at the default hello
 * interval send. No discovery code runs at all, so the CPU per received datagram is the floor that the kernel's
 * loopback broadcast (one copy per socket) and one thread wake-up per datagram set for any one-socket-per-node
 * design in one process.
 */
final class SocketFloorScenario {

    private static final int HELLO_BYTES = 225;

    record Result(int sockets, double receivedPerSecond, double cpuMicrosPerDatagram) {
    }

    private SocketFloorScenario() {
    }

    static Result run(int sockets, Duration duration) throws IOException, InterruptedException {
        int port = ClusterSettings.freePort();
        InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName(ClusterSettings.LOOPBACK_BROADCAST), port);
        LongAdder received = new LongAdder();
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                channels.add(channel);
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
                channel.bind(new InetSocketAddress("0.0.0.0", port));
                Thread receiver = new Thread(() -> receive(channel, received), "floor-receive");
                receiver.setDaemon(true);
                receiver.start();
            }
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            byte[] hello = new byte[HELLO_BYTES];
            long interval = 1_000_000_000L / sockets; // each socket once a second, spread evenly
            long cpu0 = os.getProcessCpuTime();
            long received0 = received.sum();
            long t0 = System.nanoTime();
            long next = t0;
            for (int k = 0; System.nanoTime() - t0 < duration.toNanos(); k++) {
                channels.get(k % sockets).send(ByteBuffer.wrap(hello), broadcast);
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu = os.getProcessCpuTime() - cpu0;
            long count = received.sum() - received0;
            return new Result(sockets, count / seconds, count == 0 ? 0 : cpu / 1e3 / count);
        } finally {
            for (DatagramChannel channel : channels) {
                channel.close();
            }
        }
    }

    /** Receives and copies each datagram out, as the core's transport does, and counts it. */
    private static void receive(DatagramChannel channel, LongAdder received) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                received.increment();
            } catch (IOException e) {
                return; // closed
            }
        }
    }
}
