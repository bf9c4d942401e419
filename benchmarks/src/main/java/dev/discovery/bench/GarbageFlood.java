package dev.discovery.bench;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryOptions;
import dev.discovery.RemovalReason;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 11, item 7: at which rate of junk datagrams do two real nodes on loopback start to remove each other? For each
 * rate, two fresh nodes (default timings: hello 1 s, node timeout 2 s) find each other, then a sender thread sprays
 * junk at the loopback broadcast address (both nodes get every datagram) for a while; the harness counts false
 * removals (a live peer removed as TIMED_OUT), the time both nodes were master at once, and the kernel's receive
 * buffer drops. It uses only the public API, so the same class runs against an older build of discovery-core put first
 * on the class path ({@code benchmarks/garbage-flood.sh} runs before and after side by side).
 *
 * <p>Arguments: {@code label rate[,rate...] seconds junk}, junk being {@code random} (random bytes, 32-512),
 * {@code json} (random bytes between braces: it passes a first- and last-byte check) or {@code text} (printable ASCII
 * between braces: only a JSON parser tells it from a datagram of ours). Prints one Markdown table row per rate.
 */
public final class GarbageFlood {

    private static final Duration SETTLE = Duration.ofSeconds(4);

    private GarbageFlood() {
    }

    public static void main(String[] args) throws Exception {
        if (!"127.0.0.0/8".equals(System.getProperty(BenchMain.ALLOWED_DESTINATIONS))) {
            System.err.println("Start the JVM with -D" + BenchMain.ALLOWED_DESTINATIONS + "=127.0.0.0/8");
            System.exit(2);
        }
        String label = args[0];
        long seconds = Long.parseLong(args[2]);
        String junk = args[3];
        for (String rate : args[1].split(",")) {
            System.out.println(run(label, Integer.parseInt(rate), Duration.ofSeconds(seconds), junk));
        }
    }

    private static String run(String label, int rate, Duration spray, String junk) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        AtomicInteger falseRemovals = new AtomicInteger();
        List<Discovery> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Discovery node = new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255").port(port)
                    .hostName("flood-" + i).build());
            node.addListener(event -> {
                if (event instanceof DiscoveryEvent.NodeRemoved removed
                        && removed.reason() == RemovalReason.TIMED_OUT) {
                    falseRemovals.incrementAndGet();
                }
            });
            nodes.add(node);
        }
        nodes.forEach(Discovery::start);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (nodes.stream().anyMatch(n -> n.nodes().size() != 1) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(SETTLE.toMillis()); // past the first check: one master
            falseRemovals.set(0);
            long receivedBefore = nodes.stream().mapToLong(n -> n.stats().received()).sum();
            long kernelBefore = kernelDrops(port);

            AtomicLong sent = new AtomicLong();
            Thread sender = new Thread(() -> spray(port, rate, spray, junk, sent), "junk-sender");
            sender.start();
            long twoMastersMillis = 0;
            long sprayEnd = System.nanoTime() + spray.toNanos();
            while (System.nanoTime() < sprayEnd) {
                Thread.sleep(100);
                if (nodes.stream().allMatch(Discovery::isMaster)) {
                    twoMastersMillis += 100;
                }
            }
            sender.join();
            Thread.sleep(3_000); // a removal caused by the last lost hellos happens up to a node timeout later
            long received = nodes.stream().mapToLong(n -> n.stats().received()).sum() - receivedBefore;
            long kernelDrops = kernelDrops(port) - kernelBefore;
            double achieved = sent.get() / (double) spray.toSeconds();
            return String.format("| %s | %s | %,d | %,.0f | %,d | %,d | %,d | %d | %.1f s |", label,
                    junk, rate, achieved, sent.get(), received, kernelDrops,
                    falseRemovals.get(), twoMastersMillis / 1000.0);
        } finally {
            nodes.forEach(Discovery::stop);
        }
    }

    /**
     * The kernel's drops for the sockets bound to the port: the two nodes' (the sender's socket has another port). Read
     * from /proc/net/udp here rather than from the node's stats, which older builds do not have.
     */
    private static long kernelDrops(int port) throws java.io.IOException {
        long drops = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 12 && fields[0].endsWith(":")
                    && Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16) == port) {
                drops += Long.parseLong(fields[12]);
            }
        }
        return drops;
    }

    /** Sends junk at the rate, in batches every millisecond, to the loopback broadcast address. */
    private static void spray(int port, int rate, Duration duration, String kind, AtomicLong sent) {
        Random random = new Random(rate);
        byte[][] junk = new byte[1024][];
        for (int i = 0; i < junk.length; i++) {
            byte[] bytes = new byte[32 + random.nextInt(481)];
            random.nextBytes(bytes);
            if (kind.equals("text")) {
                for (int j = 0; j < bytes.length; j++) {
                    bytes[j] = (byte) (' ' + random.nextInt(95));
                }
            }
            if (kind.equals("random")) {
                bytes[0] = bytes[0] == '{' ? 0 : bytes[0];
            } else {
                bytes[0] = '{';
                bytes[bytes.length - 1] = '}';
            }
            junk[i] = bytes;
        }
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            InetSocketAddress target = new InetSocketAddress("127.255.255.255", port);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long count = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                long due = (now - start) * rate / 1_000_000_000L;
                while (count < due) {
                    channel.send(ByteBuffer.wrap(junk[(int) (count % junk.length)]), target);
                    count++;
                }
                LockSupport.parkNanos(1_000_000);
            }
            sent.set(count);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
