package dev.discovery;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * One node in its own JVM, for tests that need separate processes (kill -9, network namespaces). Arguments:
 * {@code port destination weight [helloMs checkMs timeoutMs]}, the destination a broadcast address, or
 * {@code seeds=NAME} for a node whose only seed is that DNS name (resolved again every second, no broadcast). Prints one line per event ({@code started ID},
 * {@code added ID ADDRESS}, {@code removed ID REASON}, {@code promoted}, {@code demoted}, {@code master ID},
 * {@code stopped}, or {@code failed MESSAGE} when the node cannot start), each prefixed with {@link System#nanoTime()}
 * and a space: on Linux that clock is CLOCK_MONOTONIC, shared by every process on the machine, so the lines of several
 * node processes can be put on one timeline. Reads commands on standard input: {@code masters} prints
 * {@code masters ID...} (every master this node knows, itself included); {@code stop}, or the end of the input, stops
 * the node.
 */
public final class NodeProcessMain {

    /** The destination argument's prefix of a node that only has seeds. */
    public static final String SEEDS_PREFIX = "seeds=";

    private static final PrintStream EVENTS = System.out;

    private NodeProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        // Standard output carries only the event lines; the library's log lines go to standard error.
        System.setOut(System.err);
        DiscoveryOptions.Builder options = DiscoveryOptions.builder().port(Integer.parseInt(args[0]));
        if (args[1].startsWith(SEEDS_PREFIX)) {
            // The scenarios change DNS records and expect nodes to follow within seconds: the JVM would cache an
            // answer for 30 s. Set before the first lookup, which reads it.
            Security.setProperty("networkaddress.cache.ttl", "1");
            Security.setProperty("networkaddress.cache.negative.ttl", "0");
            options.seeds(args[1].substring(SEEDS_PREFIX.length())).seedRefreshInterval(Duration.ofSeconds(1));
        } else {
            options.broadcast(args[1]);
        }
        options.weight(Double.parseDouble(args[2]))
                .hostName("process-" + ProcessHandle.current().pid());
        if (args.length >= 6) {
            options.helloInterval(Duration.ofMillis(Long.parseLong(args[3])))
                    .checkInterval(Duration.ofMillis(Long.parseLong(args[4])))
                    .nodeTimeout(Duration.ofMillis(Long.parseLong(args[5])));
        }
        Discovery discovery = new Discovery(options.build());
        discovery.addListener(event -> {
            if (event instanceof DiscoveryEvent.NodeAdded e) {
                emit("added " + e.node().id() + " " + e.node().address());
            } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
                emit("removed " + e.node().id() + " " + e.reason());
            } else if (event instanceof DiscoveryEvent.MasterElected e) {
                emit("master " + e.node().id());
            } else if (event instanceof DiscoveryEvent.Promoted) {
                emit("promoted");
            } else if (event instanceof DiscoveryEvent.Demoted) {
                emit("demoted");
            }
        });
        try {
            discovery.start();
        } catch (RuntimeException e) {
            // The test asserts on the reason (for example the destination guard's refusal), so it goes to stdout.
            emit("failed " + e.getMessage());
            System.exit(1);
        }
        emit("started " + discovery.id());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("stop")) {
            if (line.equals("masters")) {
                emit(discovery.masters().stream().map(Node::id).collect(Collectors.joining(" ", "masters ", "")).trim());
            }
        }
        discovery.stop();
        emit("stopped");
    }

    /** Synchronized so that the timestamps of the lines, as printed, never go backwards. */
    private static synchronized void emit(String line) {
        EVENTS.println(System.nanoTime() + " " + line);
        EVENTS.flush();
    }
}
