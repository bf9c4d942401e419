package dev.discovery.bench;

import java.util.List;

/** The convergence table, with the target (500 nodes within 3 s) judged on every 500-node run. */
final class ConvergenceReport {

    static final int TARGET_NODES = 500;
    static final double TARGET_SECONDS = 3.0;

    private ConvergenceReport() {
    }

    static String render(List<ConvergenceScenario.Result> results, List<SocketFloorScenario.Result> floor) {
        MarkdownTable table = new MarkdownTable("nodes", "converged after", "starting all took", "state at the end",
                "lost convergence / removals", "CPU per node (ms/s)", "CPU per datagram due", "sent per node (B/s)",
                "datagrams/s (whole cluster)", "kernel RcvbufErrors", "refused by nodes", "target");
        for (ConvergenceScenario.Result r : results) {
            table.add(Integer.toString(r.nodes()),
                    !r.converged() ? "**not converged**" : String.format("%.2f s", r.convergedNanos() / 1e9)
                            + (r.timesLost() > 0 ? ", then fell apart" : ""),
                    String.format("%.2f s", r.startAllNanos() / 1e9),
                    r.state(),
                    r.timesLost() + " / " + r.removals(),
                    String.format("%.2f", r.cpuMillisPerNodeSecond()),
                    String.format("%.1f µs", r.cpuMillisPerNodeSecond() * 1000 / Math.max(1, r.datagramsPerSecond())),
                    String.format("%.0f", r.bytesSentPerNodeSecond()),
                    String.format("%,.0f", r.datagramsPerSecond()),
                    r.rcvbufErrors() < 0 ? "unknown" : Long.toString(r.rcvbufErrors()),
                    r.refused() < 0 ? "unknown (nodes still stopping)" : Long.toString(r.refused()),
                    r.nodes() == TARGET_NODES ? verdict(r) : "–");
        }
        return "N nodes started one after the other from one thread, timed from the first start until every table is "
                + "complete and every node holds the same single master; a start that had not finished after 15 s, or no "
                + "convergence by then, ends the run. CPU (whole process, per started node) and traffic are measured over "
                + "5 s, one second after convergence (or after the timeout); CPU per datagram due is the process's CPU "
                + "divided by the datagrams its nodes had to receive (every broadcast, once per node). RcvbufErrors is the kernel's machine-wide "
                + "count of datagrams dropped because a receive buffer was full, over the run. One run per row.\n\n"
                + table.render() + "\nThe floor without any discovery code: bare sockets, one receive thread each, one "
                + "hello-sized broadcast per socket per second (" + SocketFloorScenario.class.getSimpleName() + "):\n\n"
                + floor(floor);
    }

    private static String floor(List<SocketFloorScenario.Result> floor) {
        MarkdownTable table = new MarkdownTable("sockets", "datagrams received/s (all sockets)", "CPU per received datagram");
        for (SocketFloorScenario.Result r : floor) {
            table.add(Integer.toString(r.sockets()), String.format("%,.0f", r.receivedPerSecond()),
                    String.format("%.1f µs", r.cpuMicrosPerDatagram()));
        }
        return table.render();
    }

    private static String verdict(ConvergenceScenario.Result r) {
        if (!r.converged()) {
            return "**missed** (< " + TARGET_SECONDS + " s)";
        }
        double seconds = r.convergedNanos() / 1e9;
        return seconds < TARGET_SECONDS ? "met (< 3 s)" : "**missed** (< 3 s)";
    }
}
