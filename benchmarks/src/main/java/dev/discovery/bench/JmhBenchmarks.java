package dev.discovery.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the JMH benchmarks (one fork each, short iterations so that everything fits the time budget) and renders the
 * per-datagram and election figures with the targets: a hello's decode and table update under 2 µs median,
 * and authenticated decryption adding under 2 µs.
 */
final class JmhBenchmarks {

    private static final double HELLO_TARGET_NANOS = 2_000;
    private static final double DECRYPTION_TARGET_NANOS = 2_000;

    private JmhBenchmarks() {
    }

    static String run(int iterations) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(HelloReceiveBenchmark.class.getName())
                .include(ElectionBenchmark.class.getName())
                .forks(1)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-D" + BenchMain.ALLOWED_DESTINATIONS + "=" + System.getProperty(BenchMain.ALLOWED_DESTINATIONS),
                        "-Xmx1g")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        return render(results);
    }

    private static String render(Collection<RunResult> results) {
        MarkdownTable table = new MarkdownTable("benchmark", "parameter", "p50", "p99", "mean", "samples", "target",
                "met?");
        Map<String, Double> helloMedian = new HashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            Statistics stats = result.getPrimaryResult().getStatistics();
            String unit = result.getPrimaryResult().getScoreUnit();
            if (method.endsWith("receiveHello")) {
                String framing = result.getParams().getParam("framing");
                double p50 = stats.getPercentile(50);
                helloMedian.put(framing, p50);
                boolean plain = framing.equals("NONE");
                table.add("hello: decode + table update", framing, nanos(p50), nanos(stats.getPercentile(99)),
                        nanos(stats.getMean()), Long.toString(stats.getN()),
                        plain ? "p50 < 2 µs" : "–",
                        plain ? (p50 < HELLO_TARGET_NANOS ? "met" : "**missed**") : "–");
            } else {
                table.add("election check", "N = " + result.getParams().getParam("peers"), "–", "–",
                        String.format("%.1f %s ± %.1f", stats.getMean(), unit, result.getPrimaryResult().getScoreError()),
                        Long.toString(stats.getN()), "–", "–");
            }
        }
        StringBuilder out = new StringBuilder(table.render());
        Double plain = helloMedian.get("NONE");
        for (String framing : new String[] {"AES_256_GCM", "AES256_LEGACY"}) {
            Double keyed = helloMedian.get(framing);
            if (plain != null && keyed != null) {
                double added = keyed - plain;
                boolean authenticated = framing.equals("AES_256_GCM");
                out.append("\n").append(framing).append(" adds ").append(nanos(added)).append(" at the median");
                if (authenticated) {
                    out.append(" (target: authenticated decryption adds under 2 µs: ")
                            .append(added < DECRYPTION_TARGET_NANOS ? "met" : "**missed**").append(")");
                } else {
                    out.append(" (node-discover's unauthenticated aes256, for comparison)");
                }
                out.append(".\n");
            }
        }
        return out.toString();
    }

    private static String nanos(double value) {
        return value >= 1000 ? String.format("%.2f µs", value / 1000) : String.format("%.0f ns", value);
    }
}
