package dev.discovery.testing;

import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A broadcast network in memory, on a {@link VirtualScheduler}: every datagram a host sends reaches every started
 * host (itself included, as real broadcast does) unless a fault says otherwise. Faults are seeded, so a run repeats
 * exactly: loss, duplication, delay with reordering, and partitions.
 */
public final class InMemoryNetwork {

    public static final int PORT = 12345;

    private final VirtualScheduler scheduler;
    private final Random random;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, Integer> groups = new HashMap<>();
    private double lossRate;
    private double duplicateRate;
    private int maxConsecutiveLosses = Integer.MAX_VALUE;
    private final Map<String, Integer> lossRuns = new HashMap<>();
    private long minDelay = 1;
    private long maxDelay = 1;
    private long delivered;
    private long lost;

    public InMemoryNetwork(VirtualScheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new Random(seed);
    }

    /** A transport for the host at {@code address} (an IPv4 literal such as {@code 10.0.0.7}). */
    public synchronized Transport transport(String address) {
        return new Endpoint(address);
    }

    /** Each datagram is lost on each link with this probability. */
    public synchronized InMemoryNetwork lossRate(double rate) {
        this.lossRate = rate;
        return this;
    }

    /**
     * Never loses more than this many datagrams in a row on one link (from one host to another), whatever the loss
     * rate: with it, a test can state exactly how much loss the failure detector must tolerate.
     */
    public synchronized InMemoryNetwork maxConsecutiveLosses(int count) {
        this.maxConsecutiveLosses = count;
        return this;
    }

    /** Each delivered datagram arrives twice with this probability. */
    public synchronized InMemoryNetwork duplicateRate(double rate) {
        this.duplicateRate = rate;
        return this;
    }

    /** Each delivery takes between {@code min} and {@code max} ms (uniform), which reorders datagrams. */
    public synchronized InMemoryNetwork delay(long min, long max) {
        this.minDelay = min;
        this.maxDelay = Math.max(min, max);
        return this;
    }

    /** Splits the network: hosts in different groups cannot reach each other; hosts in no group reach only each other. */
    @SafeVarargs
    public final synchronized void partition(Collection<String>... sides) {
        groups.clear();
        for (int i = 0; i < sides.length; i++) {
            for (String address : sides[i]) {
                groups.put(address, i + 1);
            }
        }
    }

    /** Cuts one host off from every other. */
    public synchronized void isolate(String address) {
        groups.put(address, -groups.size() - 1000);
    }

    /** Ends every partition. */
    public synchronized void heal() {
        groups.clear();
    }

    public synchronized boolean reachable(String from, String to) {
        return from.equals(to) || groups.getOrDefault(from, 0).equals(groups.getOrDefault(to, 0));
    }

    public synchronized long delivered() {
        return delivered;
    }

    public synchronized long lost() {
        return lost;
    }

    public synchronized Set<String> startedHosts() {
        Set<String> started = new java.util.LinkedHashSet<>();
        endpoints.forEach((address, endpoint) -> {
            if (endpoint.receiver != null) {
                started.add(address);
            }
        });
        return started;
    }

    private synchronized void broadcast(Endpoint from, byte[] datagram) {
        for (Endpoint to : endpoints.values()) {
            if (to.receiver == null || !reachable(from.address, to.address)) {
                continue;
            }
            if (to != from) {
                String link = from.address + ">" + to.address;
                int run = lossRuns.getOrDefault(link, 0);
                if (random.nextDouble() < lossRate && run < maxConsecutiveLosses) {
                    lossRuns.put(link, run + 1);
                    lost++;
                    continue;
                }
                lossRuns.remove(link);
            }
            int copies = random.nextDouble() < duplicateRate ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                long delay = minDelay + (maxDelay > minDelay ? (long) (random.nextDouble() * (maxDelay - minDelay + 1)) : 0);
                Transport.Receiver receiver = to.receiver;
                byte[] copy = datagram.clone();
                scheduler.schedule(delay, () -> {
                    // A host that stopped, or restarted since, does not get what was sent to its earlier socket.
                    if (to.receiver == receiver) {
                        synchronized (this) {
                            delivered++;
                        }
                        receiver.receive(copy, from.socketAddress);
                    }
                });
            }
        }
    }

    private final class Endpoint implements Transport {
        final String address;
        final InetSocketAddress socketAddress;
        volatile Receiver receiver;

        Endpoint(String address) {
            this.address = address;
            try {
                this.socketAddress = new InetSocketAddress(InetAddress.getByAddress(ipv4(address)), PORT);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address + " is not an IPv4 literal", e);
            }
        }

        @Override
        public void start(Receiver target) throws IOException {
            synchronized (InMemoryNetwork.this) {
                Endpoint existing = endpoints.get(address);
                if (existing != null && existing != this && existing.receiver != null) {
                    throw new IOException("Cannot bind " + address + ":" + PORT + ": address already in use");
                }
                endpoints.put(address, this);
                receiver = target;
            }
        }

        @Override
        public void send(byte[] datagram) throws IOException {
            if (receiver == null) {
                throw new IOException("not started");
            }
            broadcast(this, datagram);
        }

        @Override
        public void stop() {
            receiver = null;
        }
    }

    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException(address + " is not an IPv4 literal");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }
}
