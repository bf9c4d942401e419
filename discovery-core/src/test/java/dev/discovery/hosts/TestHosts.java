package dev.discovery.hosts;

import dev.discovery.NodeProcess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/**
 * Test hosts in Linux network namespaces, each with its own address and a node JVM, joined by a bridge so that real
 * broadcast crosses between them. The layout keeps every packet off this machine's real interfaces: the bridge lives
 * in a namespace of its own ({@code ...-sw}), each host namespace has one veth whose other end is a port of that
 * bridge, and nothing connects to the root namespace (no veth into it, no default route, no NAT).
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
    /** Every host has its own network stack, so all nodes can share one port. */
    static final int PORT = 41234;

    private static final String PREFIX = "dtest-";
    private static final String BRIDGE = "br0";
    private static final String HOST_INTERFACE = "eth0";

    private final String runName;
    private final String switchNamespace;
    private final List<String> namespaces = new ArrayList<>(); // every namespace created, for close()
    private final List<TestHost> hosts = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "test-hosts-cleanup");

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
        String switchPort = "p" + number;
        String address = "10.77.0." + number;
        IpCommand.run("netns", "add", namespace);
        namespaces.add(namespace);
        // Created inside the two namespaces directly, so that no interface ever appears in the root namespace.
        IpCommand.run("-n", switchNamespace, "link", "add", switchPort, "type", "veth",
                "peer", "name", HOST_INTERFACE, "netns", namespace);
        IpCommand.run("-n", switchNamespace, "link", "set", switchPort, "master", BRIDGE, "up");
        IpCommand.run("-n", namespace, "addr", "add", address + "/24", "brd", "+", "dev", HOST_INTERFACE);
        IpCommand.run("-n", namespace, "link", "set", HOST_INTERFACE, "up");
        IpCommand.run("-n", namespace, "link", "set", "lo", "up");
        hosts.add(new TestHost(number, namespace, address, switchPort));
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

    /** Kills whatever runs in the namespace, then deletes it; the failure's description if that did not work. */
    private static Optional<String> deleteNamespace(String namespace) {
        try {
            for (String pid : IpCommand.run("netns", "pids", namespace).split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            IpCommand.run("netns", "del", namespace);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
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
