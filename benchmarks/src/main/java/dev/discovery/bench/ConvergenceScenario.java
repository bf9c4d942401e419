package dev.discovery.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.discovery.Discovery;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Convergence at scale, in this JVM: N nodes on real loopback sockets (default timings and weights) started together,
 * one after the other from one thread as fast as it goes; timed from the first start until every table is complete
 * and every node holds the same single master. Then, at steady state, the process CPU time and the broadcast bytes
 * per node and second, and what was lost: kernel receive-buffer drops (machine-wide RcvbufErrors) and datagrams the
 * nodes refused.
 */
final class ConvergenceScenario {

    /** Time after convergence before the steady-state window, so the start burst is over. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final int STOPPING_THREADS = 8;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param datagramsPerSecond broadcast datagrams per second, all nodes together: each node sends its share and
     *                           receives them all (N per second per node at steady state)
     */
    record Result(int nodes, long convergedNanos, long startAllNanos, String state, int timesLost, long removals,
                  double cpuMillisPerNodeSecond, double bytesSentPerNodeSecond, double datagramsPerSecond,
                  long rcvbufErrors, long refused) {

        boolean converged() {
            return convergedNanos >= 0;
        }
    }

    private ConvergenceScenario() {
    }

    static Result run(int size, Duration timeout, Duration steadyWindow) throws IOException, InterruptedException {
        ClusterSettings settings = ClusterSettings.defaults();
        ConvergenceTracker tracker = new ConvergenceTracker(size);
        List<Discovery> nodes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Discovery node = new Discovery(settings.options().build());
            int index = i;
            tracker.register(index, node.id());
            node.addListener(event -> tracker.onEvent(index, event));
            nodes.add(node);
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TrafficMeter meter = TrafficMeter.listen(settings.port())) {
            UdpCounters before = UdpCounters.read();
            long t0 = System.nanoTime();
            long deadline = t0 + timeout.toNanos();
            int started = startUntil(nodes, deadline);
            long startAll = System.nanoTime() - t0;
            long convergedAt = started == size ? tracker.awaitConverged(deadline) : -1;
            Thread.sleep(QUIET.toMillis());

            // Only what needs no node's lock is read here: on an overloaded machine the receive threads hold their
            // locks nearly all the time, and a reader would wait for minutes.
            long w0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            long bytes0 = meter.bytes();
            long datagrams0 = meter.datagrams();
            Thread.sleep(steadyWindow.toMillis());
            long cpu = os.getProcessCpuTime() - cpu0;
            long bytes = meter.bytes() - bytes0;
            long datagrams = meter.datagrams() - datagrams0;
            double seconds = (System.nanoTime() - w0) / 1e9;
            String state = tracker.state() + (started < size ? "; only " + started + " started in time" : "");
            int timesLost = tracker.timesLost();
            long removals = tracker.removals();

            long rcvbufErrors = UdpCounters.read().since(before, "RcvbufErrors");
            boolean stopped = stopAll(nodes);
            return new Result(size, convergedAt < 0 ? -1 : convergedAt - t0, startAll, state, timesLost, removals,
                    cpu / 1e6 / started / seconds, bytes / seconds / started, datagrams / seconds, rcvbufErrors,
                    stopped ? refused(nodes) : -1);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopAll(nodes);
            throw e;
        }
    }

    /**
     * Starts the nodes in order, giving up at the deadline: on an overloaded machine the starting thread competes with
     * every started node, and a start that cannot finish in time has answered the question.
     */
    private static int startUntil(List<Discovery> nodes, long deadline) {
        int started = 0;
        for (Discovery node : nodes) {
            if (System.nanoTime() > deadline) {
                break;
            }
            node.start();
            started++;
        }
        return started;
    }

    /**
     * Datagrams the nodes dropped for a reason other than being their own or for a channel they did not join. Read
     * after the nodes stopped, when their locks are free.
     */
    private static long refused(List<Discovery> nodes) {
        return nodes.stream().mapToLong(n -> n.stats().dataErrors()).sum();
    }

    /**
     * Stops every node, several at a time: each stop waits for its node's threads, and there may be a backlog.
     *
     * @return false when some were still stopping at the timeout (their threads are daemons and die with the JVM)
     */
    private static boolean stopAll(List<Discovery> nodes) throws InterruptedException {
        ExecutorService stoppers = Executors.newFixedThreadPool(STOPPING_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "convergence-stopper");
            thread.setDaemon(true);
            return thread;
        });
        nodes.forEach(node -> stoppers.execute(node::stop));
        stoppers.shutdown();
        if (stoppers.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            return true;
        }
        Progress.say("  some nodes were still stopping after " + STOP_TIMEOUT.toSeconds() + " s; going on");
        return false;
    }
}
