package dev.discovery.testing;

import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A network in memory, on a {@link VirtualScheduler}. Each host has an IP address (IPv4 or IPv6, given as a literal:
 * nothing is looked up) and a port; several transports may share an address on different ports. A datagram sent to a broadcast address (an IPv4 address ending in {@code .255},
 * such as {@code 255.255.255.255}; the network has no subnet masks) or to a multicast group reaches every started host
 * on that port, the sender included, as real broadcast does; a datagram sent to a host's address and port reaches that
 * host. Faults are seeded, so a run repeats exactly: loss, duplication, delay with reordering, and partitions.
 */
public final class InMemoryNetwork {

    /** The port of a host made by {@link #transport(String)}: the default port of the options. */
    public static final int PORT = 12345;

    private final VirtualScheduler scheduler;
    private final Random random;
    /**
     * Every socket by its address and port: a host may hold several, as a hostile one opening many sockets does, and
     * several hosts may share one address and port (see {@link #sharedTransport}).
     */
    private final Map<InetSocketAddress, List<Endpoint>> endpoints = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> groups = new HashMap<>();
    private double lossRate;
    private double duplicateRate;
    private int maxConsecutiveLosses = Integer.MAX_VALUE;
    private final Map<String, Integer> lossRuns = new HashMap<>();
    private int maxLossesInWindow = Integer.MAX_VALUE;
    private long lossWindow;
    /** Per link, when its recent losses happened, oldest first (only with maxLossesWithin). */
    private final Map<String, ArrayDeque<Long>> recentLosses = new HashMap<>();
    private final Set<Set<InetAddress>> cuts = new HashSet<>();
    private long minDelay = 1;
    private long maxDelay = 1;
    private long delivered;
    private int sharingHosts;
    private long lost;
    /** Datagrams and bytes each host sent (a broadcast counts once), and datagrams addressed to each address. */
    private final Map<InetAddress, long[]> sentBy = new HashMap<>();
    private final Map<InetAddress, Long> sentTo = new HashMap<>();

    public InMemoryNetwork(VirtualScheduler scheduler, long seed) {
        this.scheduler = scheduler;
        this.random = new Random(seed);
    }

    /** A transport for the host at {@code address} (a literal such as {@code 10.0.0.7} or {@code fd00::7}), port {@value #PORT}. */
    public Transport transport(String address) {
        return transport(address, PORT);
    }

    /** A transport for the host at {@code address} and {@code port}. */
    public synchronized Transport transport(String address, int port) {
        InetAddress ip = literal(address);
        if (reachesEveryone(ip)) {
            throw new IllegalArgumentException(address + " is a broadcast or multicast address, not a host's");
        }
        return new Endpoint(address, new InetSocketAddress(ip, port), false);
    }

    /**
     * A transport for one of several hosts that share {@code address} and port {@value #PORT}, as processes on one
     * machine with {@code reuseAddr}, or nodes behind one NAT address, do: each receives every broadcast, and what each
     * sends comes from the same address and port; a datagram sent to the address reaches the one started last.
     */
    public synchronized Transport sharedTransport(String address) {
        InetAddress ip = literal(address);
        if (reachesEveryone(ip)) {
            throw new IllegalArgumentException(address + " is a broadcast or multicast address, not a host's");
        }
        return new Endpoint(address, new InetSocketAddress(ip, PORT), true);
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

    /**
     * Never loses more than {@code count} datagrams on one link within any {@code millis}. Where a link carries several
     * kinds of datagram (hellos and the peer exchange of nodes with seeds), a delivered datagram of one kind ends a run
     * of losses of the other, so a count in a row bounds nothing per kind; a budget per window bounds every kind.
     */
    public synchronized InMemoryNetwork maxLossesWithin(int count, long millis) {
        this.maxLossesInWindow = count;
        this.lossWindow = millis;
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
                groups.put(literal(address), i + 1);
            }
        }
    }

    /** Cuts one host off from every other. */
    public synchronized void isolate(String address) {
        groups.put(literal(address), -groups.size() - 1000);
    }

    /** Cuts the link between two hosts, both ways, leaving every other link as it is. */
    public synchronized void cut(String one, String other) {
        cuts.add(Set.of(literal(one), literal(other)));
    }

    /** Ends every partition and cut link. */
    public synchronized void heal() {
        groups.clear();
        cuts.clear();
    }

    public synchronized boolean reachable(String from, String to) {
        return reachable(literal(from), literal(to));
    }

    private boolean reachable(InetAddress from, InetAddress to) {
        return from.equals(to) || (groups.getOrDefault(from, 0).equals(groups.getOrDefault(to, 0))
                && !cuts.contains(Set.of(from, to)));
    }

    public synchronized long delivered() {
        return delivered;
    }

    public synchronized long lost() {
        return lost;
    }

    /** How many datagrams the host at {@code address} has sent, a broadcast or multicast datagram counting once. */
    public synchronized long datagramsSentBy(String address) {
        return sentBy.getOrDefault(literal(address), new long[2])[0];
    }

    /** How many bytes of datagrams the host at {@code address} has sent (UDP payload). */
    public synchronized long bytesSentBy(String address) {
        return sentBy.getOrDefault(literal(address), new long[2])[1];
    }

    /** How many datagrams were sent to {@code address} itself (whether a host is there or not), from anyone. */
    public synchronized long datagramsSentTo(String address) {
        return sentTo.getOrDefault(literal(address), 0L);
    }

    /**
     * Sends a datagram with a forged source, as a hostile host can: it appears to come from {@code from}, whether a
     * host is there or not, and answers go there.
     */
    public synchronized void inject(byte[] datagram, InetSocketAddress from, InetSocketAddress destination) {
        InetAddress source = from.getAddress();
        Endpoint forger = new Endpoint(source.getHostAddress(), from, false);
        send(forger, datagram, destination);
    }

    public synchronized Set<String> startedHosts() {
        Set<String> started = new LinkedHashSet<>();
        for (List<Endpoint> hosts : endpoints.values()) {
            for (Endpoint endpoint : hosts) {
                if (endpoint.receiver != null) {
                    started.add(endpoint.name);
                }
            }
        }
        return started;
    }

    private synchronized void send(Endpoint from, byte[] datagram, InetSocketAddress destination) {
        long[] counts = sentBy.computeIfAbsent(from.address.getAddress(), a -> new long[2]);
        counts[0]++;
        counts[1] += datagram.length;
        sentTo.merge(destination.getAddress(), 1L, Long::sum);
        if (reachesEveryone(destination.getAddress())) {
            for (List<Endpoint> hosts : endpoints.values()) {
                for (Endpoint to : hosts) {
                    if (to.address.getPort() == destination.getPort()) {
                        deliver(from, to, datagram);
                    }
                }
            }
        } else {
            List<Endpoint> hosts = endpoints.getOrDefault(destination, List.of());
            Endpoint to = hosts.isEmpty() ? null : hosts.get(hosts.size() - 1);
            if (to != null) {
                deliver(from, to, datagram);
            }
        }
    }

    private void deliver(Endpoint from, Endpoint to, byte[] datagram) {
        if (to.receiver == null || !reachable(from.address.getAddress(), to.address.getAddress())) {
            return;
        }
        if (to != from) {
            String link = from.link + ">" + to.link;
            int run = lossRuns.getOrDefault(link, 0);
            if (random.nextDouble() < lossRate && run < maxConsecutiveLosses && withinLossBudget(link)) {
                lossRuns.put(link, run + 1);
                if (maxLossesInWindow != Integer.MAX_VALUE) {
                    recentLosses.computeIfAbsent(link, l -> new ArrayDeque<>()).addLast(scheduler.millis());
                }
                lost++;
                return;
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
                    receiver.receive(copy, from.address);
                }
            });
        }
    }

    private boolean withinLossBudget(String link) {
        ArrayDeque<Long> losses = recentLosses.get(link);
        if (losses == null) {
            return true;
        }
        long now = scheduler.millis();
        while (!losses.isEmpty() && losses.peekFirst() <= now - lossWindow) {
            losses.pollFirst();
        }
        return losses.size() < maxLossesInWindow;
    }

    /** Broadcast addresses and multicast groups reach every host; the network has no subnet masks to say more. */
    private static boolean reachesEveryone(InetAddress address) {
        return address.isMulticastAddress()
                || (address instanceof Inet4Address && address.getAddress()[3] == (byte) 255);
    }

    /** An IPv4 or IPv6 literal, never a name: the in-memory network must not depend on DNS. */
    static InetAddress literal(String address) {
        if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !address.contains(":")) {
            throw new IllegalArgumentException(address + " is not an IPv4 or IPv6 literal");
        }
        try {
            return InetAddress.getByName(address); // a literal is parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address + " is not an IPv4 or IPv6 literal", e);
        }
    }

    private final class Endpoint implements Transport {
        final String name;
        final InetSocketAddress address;
        final boolean shared;
        /** Names the host in a link's loss accounting: hosts sharing an address each have links of their own. */
        final String link;
        volatile Receiver receiver;

        Endpoint(String name, InetSocketAddress address, boolean shared) {
            this.name = name;
            this.address = address;
            this.shared = shared;
            this.link = shared ? name + "#" + ++sharingHosts : name;
        }

        @Override
        public void start(Receiver target) throws IOException {
            synchronized (InMemoryNetwork.this) {
                List<Endpoint> hosts = endpoints.computeIfAbsent(address, a -> new ArrayList<>(1));
                hosts.removeIf(other -> other.receiver == null || other == this);
                if (hosts.stream().anyMatch(other -> !(shared && other.shared))) {
                    throw new IOException("Cannot bind " + name + ":" + address.getPort() + ": address already in use");
                }
                hosts.add(this);
                receiver = target;
            }
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress destination) throws IOException {
            if (receiver == null) {
                throw new IOException("not started");
            }
            InMemoryNetwork.this.send(this, datagram, destination);
        }

        /** The host's network: a /16 for IPv4 (10.0.0.0/16 holds every node of a test cluster), a /64 for IPv6. */
        @Override
        public List<String> networks() {
            return List.of(name + (address.getAddress() instanceof Inet4Address ? "/16" : "/64"));
        }

        @Override
        public void stop() {
            receiver = null;
        }
    }
}
