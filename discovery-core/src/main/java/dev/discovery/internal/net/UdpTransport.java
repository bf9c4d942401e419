package dev.discovery.internal.net;

import dev.discovery.DiscoveryOptions;
import dev.discovery.internal.engine.Destinations;
import dev.discovery.internal.logging.RateLimitedLog;
import dev.discovery.spi.DatagramTooLongException;
import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real UDP: one socket bound to the discovery port both sends and receives, as node-discover's does, so a datagram's
 * source port is the sender's discovery port. It sets the socket up for the mode the options name (the broadcast flag,
 * or the multicast group's interface, TTL and membership) and sends each datagram where the engine says; every
 * destination passes the {@link DestinationGuard}. The socket is IPv4, as node-discover's, unless an address in the
 * options is IPv6, or seeds name DNS names (which may answer with AAAA records): then it is an IPv6 socket, which on a
 * wildcard address receives and sends IPv4 too.
 */
public final class UdpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);
    /** Large enough that a burst of hellos from hundreds of nodes starting together is not lost in the kernel. */
    private static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    private final DiscoveryOptions options;
    private final RateLimitedLog receiveFailureLog = new RateLimitedLog(log);
    private volatile DatagramChannel channel;
    private volatile DestinationGuard guard;
    private Thread receiver;
    /** The bound address, as the start-up line says it. */
    private String listening;
    /** The inode of the open socket, to read its kernel drops; empty where the platform does not tell. */
    private volatile OptionalLong socketInode = OptionalLong.empty();
    private volatile boolean kernelDropsKnown;
    /** The socket's text for a datagram too long to send, once learnt: see {@link #tooLong}. */
    private volatile String tooLongMessage;
    /** Kernel drops of the sockets of earlier runs, so that the count only grows. */
    private volatile long earlierKernelDrops;

    public UdpTransport(DiscoveryOptions options) {
        this.options = options;
    }

    @Override
    public synchronized void start(Receiver target) throws IOException {
        if (channel != null) {
            return;
        }
        DestinationGuard checked = DestinationGuard.fromSystemProperty(options.multicastInterface());
        List<InetSocketAddress> known = new ArrayList<>(Destinations.fixed(options));
        options.seeds().stream().map(seed -> Seed.parse(seed, options.port()))
                .filter(Seed.Address.class::isInstance).map(seed -> ((Seed.Address) seed).address()).forEach(known::add);
        checked.checkAll(known); // refuse to start before anything is sent
        NoKeyWarning.check(options, known).ifPresent(log::warn);
        ProtocolFamily family = family(options);
        InetSocketAddress bind = new InetSocketAddress(
                family == StandardProtocolFamily.INET6 && options.bindAddress().equals("0.0.0.0") ? "::" : options.bindAddress(),
                options.port());
        DatagramChannel ch;
        synchronized (UdpTransport.class) { // so that the socket that appears on the port is this one
            Set<Long> before = KernelDrops.socketsOn(options.port());
            ch = open(bind, family);
            socketInode = KernelDrops.identify(options.port(), before);
            kernelDropsKnown |= socketInode.isPresent();
        }
        try {
            configureDestinationMode(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("Cannot set up the discovery socket on " + bind.getHostString() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        guard = checked;
        channel = ch;
        receiver = new Thread(() -> receiveLoop(ch, target), "discovery-receive-" + options.port());
        receiver.setDaemon(true);
        listening = bind.getHostString() + ":" + options.port();
    }

    /** Starts the receive thread made by {@link #start}, and says so: after the first hello, which need not wait. */
    @Override
    public synchronized void startReceiving() {
        if (receiver != null && receiver.getState() == Thread.State.NEW) {
            receiver.start();
            // As a web server says its port: where this node can be heard and where it speaks, with or without a key.
            // Built only when it is logged: hundreds of nodes started in one JVM would build it in vain.
            if (log.isInfoEnabled()) {
                log.info("Discovery listens on UDP {} and sends to {}, {}", listening, describeDestinations(),
                        options.keys().isEmpty() ? "without a key (plain JSON)" : "encrypted with a key");
            }
        }
    }

    private String describeDestinations() {
        List<String> parts = new ArrayList<>();
        if (!options.seeds().isEmpty()) {
            parts.add("seeds " + String.join(", ", options.seeds()) + " and the peers they lead to");
        }
        if (!options.unicast().isEmpty()) {
            parts.add("unicast " + String.join(", ", options.unicast()));
        } else if (options.multicast() != null) {
            parts.add("multicast group " + options.multicast() + ":" + options.port());
        } else if (options.broadcast() != null) {
            parts.add("broadcast " + options.broadcast() + ":" + options.port());
        }
        return String.join(" and ", parts);
    }

    private DatagramChannel open(InetSocketAddress bind, ProtocolFamily family) throws IOException {
        DatagramChannel ch = openChannel(family, options);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddr());
            ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            ch.bind(bind);
        } catch (IOException e) {
            ch.close();
            throw new IOException("Cannot bind the discovery socket to " + bind.getHostString() + ":" + options.port()
                    + ": " + e.getMessage() + (options.reuseAddr() ? "" : " (reuseAddr is false, so no other socket may hold the port)")
                    + ". Pick another port, or a bindAddress that belongs to this host.", e);
        }
        int granted = ch.getOption(StandardSocketOptions.SO_RCVBUF);
        if (granted < RECEIVE_BUFFER_BYTES) {
            log.info("Discovery asked for a {} byte receive buffer and got {}: a burst of datagrams may be dropped by "
                    + "the kernel (raise net.core.rmem_max on Linux)", RECEIVE_BUFFER_BYTES, granted);
        }
        return ch;
    }

    /**
     * IPv6 when the bind address, the multicast group or a unicast or seed address is IPv6, or when seeds name DNS
     * names and the socket binds the wildcard (a dual-stack socket then reaches both A and AAAA answers); IPv4 otherwise,
     * as node-discover's socket is.
     */
    static ProtocolFamily family(DiscoveryOptions options) {
        List<Seed> seeds = options.seeds().stream().map(seed -> Seed.parse(seed, options.port())).toList();
        boolean ipv6 = options.bindAddress().contains(":")
                || (options.multicast() != null && options.multicast().contains(":"))
                || options.unicast().stream().anyMatch(entry -> HostPort.parse(entry, options.port()).literal() instanceof Inet6Address)
                || seeds.stream().anyMatch(seed -> seed instanceof Seed.Address a && a.address().getAddress() instanceof Inet6Address);
        boolean names = seeds.stream().anyMatch(seed -> !(seed instanceof Seed.Address));
        boolean ipv4Only = options.bindAddress().contains(".") && !options.bindAddress().equals("0.0.0.0")
                || (options.multicast() != null && options.multicast().contains("."));
        return ipv6 || (names && !ipv4Only) ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Opens the socket; a dual-stack socket chosen only for seed names falls back to IPv4 on a host without IPv6. */
    private static DatagramChannel openChannel(ProtocolFamily family, DiscoveryOptions options) throws IOException {
        try {
            return DatagramChannel.open(family);
        } catch (UnsupportedOperationException | IOException e) {
            if (family == StandardProtocolFamily.INET6 && options.bindAddress().equals("0.0.0.0")) {
                log.info("Discovery uses an IPv4 socket: IPv6 is not available on this host ({})", e.toString());
                return DatagramChannel.open(StandardProtocolFamily.INET);
            }
            throw e;
        }
    }

    private void configureDestinationMode(DatagramChannel ch) throws IOException {
        if (!options.unicast().isEmpty()) {
            return;
        }
        if (options.multicast() == null) {
            if (options.broadcast() != null) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            return;
        }
        NetworkInterface nic = multicastInterface();
        ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, options.multicastTtl());
        ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
        ch.join(InetAddress.getByName(options.multicast()), nic);
    }

    private NetworkInterface multicastInterface() throws SocketException {
        if (options.multicastInterface() != null) {
            NetworkInterface nic = NetworkInterface.getByName(options.multicastInterface());
            if (nic == null) {
                throw new SocketException("no network interface named '" + options.multicastInterface()
                        + "' (option multicastInterface)");
            }
            return nic;
        }
        // Java needs an interface to join a group; take the first one that is up, not loopback and multicast-capable,
        // and say which, since a host with bridges or VPNs may need multicastInterface set.
        NetworkInterface chosen = NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback() && nic.supportsMulticast();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow(() -> new SocketException("no multicast-capable interface is up; set multicastInterface"));
        log.info("Discovery joins multicast group {} on interface {} (set multicastInterface to choose another)",
                options.multicast(), chosen.getName());
        return chosen;
    }

    /**
     * Reads datagrams until the socket closes. An {@code Error} ends the loop (the thread's state is in doubt), and the
     * receiver is told, so that the node does not go on saying hello while nobody listens.
     */
    private void receiveLoop(DatagramChannel ch, Receiver target) {
        try {
            // One byte more than the largest datagram, so an oversized one shows up as such instead of being cut.
            ByteBuffer buffer = ByteBuffer.allocateDirect(DiscoveryOptions.MAX_DATAGRAM_BYTES + 1);
            while (ch.isOpen()) {
                try {
                    buffer.clear();
                    InetSocketAddress source = (InetSocketAddress) ch.receive(buffer);
                    buffer.flip();
                    byte[] data = new byte[buffer.remaining()];
                    buffer.get(data);
                    target.receive(data, source);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    if (ch.isOpen()) {
                        receiveFailureLog.warn("receive", "Discovery receive failed on port {}: {}", options.port(),
                                e.toString());
                    }
                }
            }
        } catch (Throwable e) {
            if (ch.isOpen()) {
                target.failed(e);
            }
        }
    }

    @Override
    public void send(byte[] datagram, InetSocketAddress destination) throws IOException {
        DatagramChannel ch = channel;
        if (ch == null) {
            throw new ClosedChannelException();
        }
        guard.check(destination);
        // An interrupted caller would close an NIO channel for good (ClosedByInterruptException): the socket belongs
        // to the node, not to whichever application thread happens to call send() or advertise().
        boolean interrupted = Thread.interrupted();
        try {
            ch.send(ByteBuffer.wrap(datagram), destination);
        } catch (SocketException e) {
            throw tooLong(ch, e) ? new DatagramTooLongException(datagram.length, destination, e) : e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether a send failed because the datagram is too long for the socket (EMSGSIZE). Java says so only in the
     * exception's message, which is the operating system's text, translated by the C library's locale; so the text is
     * learnt from this socket, once, on the first failure: a datagram longer than UDP's 16-bit length field can say
     * fails with that very error, and nothing leaves. It goes to IPv4 loopback, where the length is checked before
     * any route (Linux's udp_sendmsg, and the send buffer's check of the BSDs, come first), so that a route's error is
     * never learnt in its place; a socket that cannot send IPv4 (bound to one IPv6 address) learns nothing.
     */
    private boolean tooLong(DatagramChannel ch, SocketException failure) {
        String known = tooLongMessage;
        if (known == null) {
            try {
                InetAddress local = ((InetSocketAddress) ch.getLocalAddress()).getAddress();
                if (local instanceof Inet6Address && !local.isAnyLocalAddress()) {
                    return false;
                }
                ch.send(ByteBuffer.allocate(0x1_0000), new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9));
                return false; // no stack sends it; one that did would send it to the discard port of this host
            } catch (SocketException probe) {
                if (probe.getClass() != SocketException.class) {
                    return false;
                }
                known = String.valueOf(probe.getMessage());
                tooLongMessage = known;
            } catch (IOException other) {
                return false;
            }
        }
        return failure.getClass() == SocketException.class && known.equals(String.valueOf(failure.getMessage()));
    }

    /** The networks of every interface that is up, loopback included; none when the system does not tell. */
    @Override
    public List<String> networks() {
        List<String> networks = new ArrayList<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (nif.isUp()) {
                    for (var address : nif.getInterfaceAddresses()) {
                        String host = address.getAddress().getHostAddress();
                        int scope = host.indexOf('%');
                        networks.add((scope < 0 ? host : host.substring(0, scope)) + "/"
                                + address.getNetworkPrefixLength());
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("Cannot list the network interfaces ({}): addresses peers name are taken only inside the"
                    + " seeds' networks and allowedNetworks", e.toString());
        }
        return networks;
    }

    /** Datagrams the kernel dropped for this transport's sockets because their receive buffer was full. */
    @Override
    public OptionalLong kernelDrops() {
        if (!kernelDropsKnown) {
            return OptionalLong.empty();
        }
        OptionalLong inode = socketInode;
        long current = inode.isPresent() ? KernelDrops.of(inode.getAsLong()).orElse(0) : 0;
        return OptionalLong.of(earlierKernelDrops + current);
    }

    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            DatagramChannel ch = channel;
            if (ch == null) {
                return;
            }
            channel = null;
            OptionalLong inode = socketInode;
            if (inode.isPresent()) {
                earlierKernelDrops += KernelDrops.of(inode.getAsLong()).orElse(0);
                socketInode = OptionalLong.empty();
            }
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("Closing the discovery socket failed", e);
            }
            thread = receiver;
            receiver = null;
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "udp " + options.bindAddress() + ":" + options.port();
    }
}
