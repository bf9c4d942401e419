package dev.discovery.hosts;

import dev.discovery.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Test hosts in Linux network namespaces, each with its own address and a node JVM, joined by a bridge so that real
 * broadcast crosses between them. The layout keeps every packet off this machine's real interfaces: the bridge lives
 * in a namespace of its own ({@code ...-sw}), each host namespace has one veth whose other end is a port of that
 * bridge, and nothing connects to the root namespace (no veth into it, no default route, no NAT).
 *
 * <p>{@link #createRouted} builds two subnets instead, 10.81.1.0/24 and 10.81.2.0/24: the switch namespace becomes a
 * router holding one bridge per subnet (at .254, forwarding between them), broadcast stays inside each subnet, unicast
 * crosses; every host resolves names through a {@link DnsServer} (dnsmasq) in a namespace of its own, at 10.81.1.53,
 * by the {@code /etc/netns/NAME/resolv.conf} that {@code ip netns exec} mounts over {@code /etc/resolv.conf}.
 *
 * <p>Namespace names are {@code dtest-PID-RUN-ROLE}, unique per instance. {@link #close()} kills every process and
 * deletes every namespace this instance created, and runs from a shutdown hook too, so a test run that is stopped
 * leaves nothing behind; {@link #create} also deletes what a run killed outright (kill -9) left, recognised by the
 * PID of a JVM that no longer exists.
 */
final class TestHosts implements AutoCloseable {

    static final String SUBNET = "10.77.0.0/24";
    static final String BROADCAST = "10.77.0.255";
    /** The destination guard of every node JVM: loopback and the test hosts, nothing else. */
    static final String ALLOWED_DESTINATIONS = "127.0.0.0/8," + SUBNET;
    /** The two subnets of {@link #createRouted}, and the destination guard of their node JVMs. */
    static final String ROUTED_NETWORK = "10.81.0.0/16";
    static final String ROUTED_ALLOWED_DESTINATIONS = "127.0.0.0/8," + ROUTED_NETWORK;
    static final String DNS_ADDRESS = "10.81.1.53";
    /** Every host has its own network stack, so all nodes can share one port. */
    static final int PORT = 41234;

    private static final String PREFIX = "dtest-";
    private static final String BRIDGE = "br0";
    private static final String HOST_INTERFACE = "eth0";
    /** Where {@code ip netns exec NAME} finds the files it mounts over /etc, such as resolv.conf. */
    private static final Path NETNS_ETC = Path.of("/etc/netns");

    private final String runName;
    private final String switchNamespace;
    private final List<String> namespaces = new ArrayList<>(); // every namespace created, for close()
    private final List<TestHost> hosts = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "test-hosts-cleanup");
    private volatile @Nullable DnsServer dnsServer;

    private TestHosts(String runName) {
        this.runName = runName;
        this.switchNamespace = runName + "-sw";
    }

    /**
     * Creates {@code count} hosts numbered from 1, host N at 10.77.0.N with weight N, without starting nodes.
     * Skips the calling test, saying why, where network namespaces cannot be created (not root, no iproute2).
     */
    static TestHosts create(int count) {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "multi-host scenarios skipped: they need Linux network namespaces, this is " + System.getProperty("os.name"));
        deleteStaleNamespaces();
        TestHosts testHosts = new TestHosts(PREFIX + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
        try {
            testHosts.createSwitch();
            for (int number = 1; number <= count; number++) {
                testHosts.createHost(number);
            }
            return testHosts;
        } catch (RuntimeException e) {
            testHosts.closeQuietly();
            throw e;
        }
    }

    /**
     * Creates hosts numbered from 1 on two routed subnets, host N on subnet {@code subnetOfHost[N-1]} (1 or 2) at
     * 10.81.S.N with weight N, resolving names through the {@link DnsServer} that {@link #startDnsServer} starts.
     */
    static TestHosts createRouted(int... subnetOfHost) {
        TestHosts testHosts = create(0);
        try {
            testHosts.makeRouter();
            for (int number = 1; number <= subnetOfHost.length; number++) {
                testHosts.createRoutedHost(number, subnetOfHost[number - 1]);
            }
            return testHosts;
        } catch (RuntimeException e) {
            testHosts.closeQuietly();
            throw e;
        }
    }

    private void makeRouter() {
        for (int subnet = 1; subnet <= 2; subnet++) {
            IpCommand.run("-n", switchNamespace, "link", "add", bridge(subnet), "type", "bridge");
            IpCommand.run("-n", switchNamespace, "addr", "add", gateway(subnet) + "/24", "dev", bridge(subnet));
            IpCommand.run("-n", switchNamespace, "link", "set", bridge(subnet), "up");
        }
        healRouter();
    }

    /** The router stops forwarding: the two subnets are cut apart, each still whole inside. */
    void cutRouter() {
        IpCommand.run("netns", "exec", switchNamespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
    }

    /** The router forwards between the subnets (again). */
    void healRouter() {
        IpCommand.run("netns", "exec", switchNamespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    }

    private static String bridge(int subnet) {
        return "br" + subnet;
    }

    private static String gateway(int subnet) {
        return "10.81." + subnet + ".254";
    }

    private void createRoutedHost(int number, int subnet) {
        String namespace = runName + "-h" + number;
        String address = "10.81." + subnet + "." + number;
        attach(namespace, "p" + number, bridge(subnet), address, gateway(subnet));
        writeResolvConf(namespace);
        hosts.add(new TestHost(number, namespace, address, "p" + number, subnet, ROUTED_ALLOWED_DESTINATIONS));
    }

    /**
     * A new namespace with one veth into the bridge, the address, and a default route via the router if there is one.
     * The veth is created inside the two namespaces directly, so that no interface ever appears in the root namespace.
     */
    private void attach(String namespace, String switchPort, String bridge, String address, @Nullable String gateway) {
        IpCommand.run("netns", "add", namespace);
        namespaces.add(namespace);
        IpCommand.run("-n", switchNamespace, "link", "add", switchPort, "type", "veth",
                "peer", "name", HOST_INTERFACE, "netns", namespace);
        IpCommand.run("-n", switchNamespace, "link", "set", switchPort, "master", bridge, "up");
        IpCommand.run("-n", namespace, "addr", "add", address + "/24", "brd", "+", "dev", HOST_INTERFACE);
        IpCommand.run("-n", namespace, "link", "set", HOST_INTERFACE, "up");
        IpCommand.run("-n", namespace, "link", "set", "lo", "up");
        if (gateway != null) {
            IpCommand.run("-n", namespace, "route", "add", "default", "via", gateway);
        }
    }

    private static void writeResolvConf(String namespace) {
        try {
            Path directory = Files.createDirectories(NETNS_ETC.resolve(namespace));
            Files.writeString(directory.resolve("resolv.conf"),
                    "nameserver " + DNS_ADDRESS + "\noptions timeout:1 attempts:3\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resolver configuration of " + namespace, e);
        }
    }

    /**
     * Starts dnsmasq in a namespace of its own on subnet 1, answering {@code name} with the addresses of the given
     * hosts. {@link #close()} stops it.
     */
    DnsServer startDnsServer(String name, List<TestHost> answers) {
        String namespace = runName + "-dns";
        attach(namespace, "pdns", bridge(1), DNS_ADDRESS, gateway(1));
        dnsServer = DnsServer.start(namespace, DNS_ADDRESS, name, answers.stream().map(TestHost::address).toList());
        return dnsServer;
    }

    /** Moves the host to a new address on its subnet, as a host replaced by one with another address. */
    void readdress(TestHost host, String newAddress) {
        IpCommand.run("-n", host.namespace(), "addr", "flush", "dev", HOST_INTERFACE);
        IpCommand.run("-n", host.namespace(), "addr", "add", newAddress + "/24", "brd", "+", "dev", HOST_INTERFACE);
        IpCommand.run("-n", host.namespace(), "route", "replace", "default", "via", gateway(host.subnet()));
        host.readdressed(newAddress);
    }

    private void createSwitch() {
        try {
            IpCommand.run("netns", "add", switchNamespace);
        } catch (IllegalStateException e) {
            Assumptions.abort("multi-host scenarios skipped: cannot create a network namespace as user '"
                    + System.getProperty("user.name") + "' (they need root, or CAP_SYS_ADMIN and CAP_NET_ADMIN; they run "
                    + "in CI): " + e.getMessage());
        }
        namespaces.add(switchNamespace);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        IpCommand.run("-n", switchNamespace, "link", "add", BRIDGE, "type", "bridge");
        IpCommand.run("-n", switchNamespace, "link", "set", BRIDGE, "up");
    }

    private void createHost(int number) {
        String namespace = runName + "-h" + number;
        String address = "10.77.0." + number;
        attach(namespace, "p" + number, BRIDGE, address, null);
        hosts.add(new TestHost(number, namespace, address, "p" + number, 0, ALLOWED_DESTINATIONS));
    }

    /** Every host, host 1 first. */
    List<TestHost> hosts() {
        return List.copyOf(hosts);
    }

    /** Host {@code number}, counted from 1. */
    TestHost host(int number) {
        return hosts.get(number - 1);
    }

    /** The heaviest of the given hosts: the one the election prefers. */
    static TestHost heaviest(List<TestHost> among) {
        return among.stream().max(Comparator.comparingDouble(TestHost::weight)).orElseThrow();
    }

    /** Partitions the host from all others: its bridge port goes down, as if its cable were pulled. */
    void cutLink(TestHost host) {
        IpCommand.run("-n", switchNamespace, "link", "set", host.switchPort(), "down");
    }

    void restoreLink(TestHost host) {
        IpCommand.run("-n", switchNamespace, "link", "set", host.switchPort(), "up");
    }

    /**
     * Kills every node JVM (and anything else still running in the namespaces), then deletes the namespaces.
     *
     * @throws IllegalStateException when some namespace could not be deleted, so that a leak fails the test
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() runs from the hook itself
        }
        hosts.stream().flatMap(h -> h.nodes().stream()).forEach(NodeProcess::kill);
        List<String> failures = new ArrayList<>();
        DnsServer dns = dnsServer;
        if (dns != null) {
            try {
                dns.close();
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        for (String namespace : namespaces) {
            deleteNamespace(namespace).ifPresent(failures::add);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("test hosts not fully cleaned up: " + String.join("; ", failures));
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("TestHosts cleanup: " + e.getMessage());
        }
    }

    /**
     * Kills whatever runs in the namespace, then deletes it and its /etc/netns files; the failure's description if
     * that did not work.
     */
    private static Optional<String> deleteNamespace(String namespace) {
        try {
            for (String pid : IpCommand.run("netns", "pids", namespace).split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            IpCommand.run("netns", "del", namespace);
            deleteNetnsFiles(namespace);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot delete " + NETNS_ETC.resolve(namespace) + ": " + e);
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void deleteNetnsFiles(String namespace) throws IOException {
        Path directory = NETNS_ETC.resolve(namespace);
        Files.deleteIfExists(directory.resolve("resolv.conf"));
        Files.deleteIfExists(directory);
    }

    /** Deletes the namespaces of earlier runs whose JVM is gone: it was killed before it could clean up. */
    private static void deleteStaleNamespaces() {
        String list;
        try {
            list = IpCommand.run("netns", "list");
        } catch (IllegalStateException e) {
            return; // no iproute2 or no permission: createSwitch() says so
        }
        for (String line : list.split("\n")) {
            String namespace = line.split(" ")[0];
            if (namespace.startsWith(PREFIX) && !isOwnerAlive(namespace)) {
                deleteNamespace(namespace).ifPresent(failure -> System.err.println("TestHosts: stale " + failure));
            }
        }
    }

    private static boolean isOwnerAlive(String namespace) {
        String[] parts = namespace.substring(PREFIX.length()).split("-");
        try {
            return ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException notOurs) {
            return true; // not named by this class: leave it alone
        }
    }
}
