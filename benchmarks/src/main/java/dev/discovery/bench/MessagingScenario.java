package dev.discovery.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Channel messages between two processes of one implementation (for us two child JVMs, for node-discover two
 * peer.js processes), driven and timed identically through the peer protocol: the harness writes a {@code send}
 * command to the sender's stdin and stamps the receiver's {@code message} line when it arrives. Latency is therefore
 * one way through the library plus two pipes (the harness to the sender, the receiver to the harness), for both.
 *
 * <p>Both processes first exchange {@value #WARMUP_MESSAGES} unmeasured messages, small and 1 KB in turn, at most
 * {@value #WARMUP_BATCH} a millisecond, then {@value #WARMUP_BURSTS} unmeasured bursts of each size, so that neither
 * implementation is measured while it loads and compiles its code. HotSpot compiles a method fully only after some ten
 * thousand calls, and on a loaded machine its compiler thread lags behind: with the paced messages alone, JFR showed
 * the JVM's C2 compiler still busy with the send and receive paths during the measured bursts, taking more CPU than
 * the node itself. Latency: messages paced {@value #PACE_MILLIS} ms apart. Throughput: {@value #BURST_ROUNDS} bursts
 * of each size, in turn, each of send commands as fast as the pipe takes them; the median is reported, since
 * other work on the machine moves single bursts a lot. The delivered rate is what reached the
 * receiver divided by the time the burst took: from the first command until the sender had acknowledged the last one
 * and the last message had arrived, whichever came later. So an implementation that loses messages is not credited
 * for the time it spent sending those (its delivered rate is its send rate times the fraction that arrived), and one
 * that loses none is timed until its last delivery.
 */
final class MessagingScenario {

    static final int PACE_MILLIS = 5;
    static final int WARMUP_MESSAGES = 10_000;
    static final int WARMUP_BATCH = 10;
    static final int WARMUP_BURSTS = 2;
    static final int BURST_ROUNDS = 3;
    private static final int KILOBYTE_PADDING = 1000;
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration BURST_LIMIT = Duration.ofSeconds(60);

    /**
     * @param sent        send commands written
     * @param received    messages the receiver printed
     * @param sendSeconds from the first command to the sender's last acknowledgement
     * @param seconds     from the first command to the later of that and the last arrival
     * @param senderCpu   CPU of the sender's process per message sent, in µs (all its threads, from the first
     *                    command until every message had arrived or was given up: reading and acknowledging commands
     *                    included)
     * @param receiverCpu CPU of the receiver's process per message that arrived, in µs (printing it included)
     * @param bufferDrops datagrams the kernel dropped meanwhile because a receive buffer was full (machine-wide, so it
     *                    may include other programs' datagrams; -1 when unknown)
     */
    record Throughput(int sent, int received, double sendSeconds, double seconds, double senderCpu,
                      double receiverCpu, long bufferDrops) {

        /** Messages that arrived, per second of the whole burst: the figure the targets compare. */
        double deliveredPerSecond() {
            return seconds == 0 ? 0 : received / seconds;
        }

        double sentPerSecond() {
            return sendSeconds == 0 ? 0 : sent / sendSeconds;
        }

        String describe() {
            double loss = 100.0 * (sent - received) / sent;
            return String.format("%,.0f delivered/s (sent at %,.0f/s; %d of %d arrived, %.1f%% lost, kernel buffer"
                    + " drops %d; CPU per message: sender %.0f µs, receiver %.0f µs)", deliveredPerSecond(),
                    sentPerSecond(), received, sent, loss, bufferDrops, senderCpu, receiverCpu);
        }
    }

    /** The measured bursts of one payload size, in the order they ran. */
    record Bursts(List<Throughput> runs) {

        /** The burst with the median delivered rate. */
        Throughput median() {
            List<Throughput> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Throughput::deliveredPerSecond));
            return sorted.get(sorted.size() / 2);
        }

        boolean noneLost() {
            return runs.stream().allMatch(run -> run.received() == run.sent());
        }

        String describe() {
            DoubleSummaryStatistics rates = runs.stream().mapToDouble(Throughput::deliveredPerSecond).summaryStatistics();
            int sent = runs.stream().mapToInt(Throughput::sent).sum();
            int received = runs.stream().mapToInt(Throughput::received).sum();
            return String.format("median of %d: %s; all %d: %,.0f–%,.0f delivered/s, %d of %d arrived", runs.size(),
                    median().describe(), runs.size(), rates.getMin(), rates.getMax(), received, sent);
        }
    }

    record Result(Samples smallLatency, Samples largeLatency, Bursts small, Bursts large) {
    }

    private MessagingScenario() {
    }

    static Result run(Contender contender, int latencyMessages, int burstMessages) throws IOException, InterruptedException {
        ClusterSettings settings = ClusterSettings.defaults();
        EventLog log = new EventLog();
        try (Member sender = contender.startProcess(settings, 2, log);
             Member receiver = contender.startProcess(settings, 1, log)) {
            if (log.firstSeen(Set.of(receiver.id()), 0, o -> o.is(Observed.Kind.ADDED, sender.id()), Duration.ofSeconds(10)).isEmpty()) {
                throw new IllegalStateException(contender.name() + ": the receiver never heard the sender");
            }
            for (String channel : List.of("warmup", "latency-small", "latency-1k", "burst-small", "burst-1k")) {
                receiver.join(channel);
            }
            warmUp(log, sender, receiver);
            for (int round = 0; round < WARMUP_BURSTS; round++) {
                burst(log, sender, receiver, "burst-small", 0, burstMessages);
                burst(log, sender, receiver, "burst-1k", KILOBYTE_PADDING, burstMessages);
            }
            Samples small = latency(log, sender, receiver, "latency-small", 0, latencyMessages);
            Samples large = latency(log, sender, receiver, "latency-1k", KILOBYTE_PADDING, latencyMessages);
            List<Throughput> smallBursts = new ArrayList<>();
            List<Throughput> largeBursts = new ArrayList<>();
            for (int round = 0; round < BURST_ROUNDS; round++) {
                smallBursts.add(burst(log, sender, receiver, "burst-small", 0, burstMessages));
                largeBursts.add(burst(log, sender, receiver, "burst-1k", KILOBYTE_PADDING, burstMessages));
            }
            return new Result(small, large, new Bursts(smallBursts), new Bursts(largeBursts));
        }
    }

    private static void warmUp(EventLog log, Member sender, Member receiver) throws InterruptedException {
        int mark = log.mark();
        for (int seq = 0; seq < WARMUP_MESSAGES; seq++) {
            sender.send("warmup", payload(seq, seq % 2 == 0 ? 0 : KILOBYTE_PADDING));
            if (seq % WARMUP_BATCH == WARMUP_BATCH - 1) {
                Thread.sleep(1);
            }
        }
        awaitArrivals(log, mark, receiver, "warmup", WARMUP_MESSAGES);
    }

    private static Samples latency(EventLog log, Member sender, Member receiver, String channel, int padding, int count)
            throws InterruptedException {
        int mark = log.mark();
        Map<Integer, Long> sentAt = new HashMap<>();
        for (int seq = 0; seq < count; seq++) {
            JsonNode data = payload(seq, padding);
            sentAt.put(seq, System.nanoTime());
            sender.send(channel, data);
            Thread.sleep(PACE_MILLIS);
        }
        List<Observed> arrived = awaitArrivals(log, mark, receiver, channel, count);
        Samples samples = new Samples();
        for (Observed message : arrived) {
            Long sent = sentAt.remove(message.detail().path("data").path("seq").asInt(-1));
            if (sent != null) {
                samples.add(message.nanos() - sent);
            }
        }
        sentAt.values().forEach(lost -> samples.fail());
        return samples;
    }

    private static Throughput burst(EventLog log, Member sender, Member receiver, String channel, int padding, int count)
            throws InterruptedException {
        List<JsonNode> messages = new ArrayList<>(count);
        for (int seq = 0; seq < count; seq++) {
            messages.add(payload(seq, padding));
        }
        int mark = log.mark();
        long senderCpu = sender.processCpuNanos();
        long receiverCpu = receiver.processCpuNanos();
        UdpCounters udp = UdpCounters.read();
        long t0 = sender.sendAll(channel, messages);
        List<Observed> arrived = awaitArrivals(log, mark, receiver, channel, count);
        List<Observed> acknowledged = awaitLogged(log, mark, o -> o.kind() == Observed.Kind.SENT
                && o.observer().equals(sender.id()), count);
        long sentUntil = acknowledged.isEmpty() ? t0 : acknowledged.get(acknowledged.size() - 1).nanos();
        long until = arrived.isEmpty() ? sentUntil : Math.max(sentUntil, arrived.get(arrived.size() - 1).nanos());
        return new Throughput(count, arrived.size(), (sentUntil - t0) / 1e9, (until - t0) / 1e9,
                cpuPerMessage(sender.processCpuNanos() - senderCpu, senderCpu, count),
                cpuPerMessage(receiver.processCpuNanos() - receiverCpu, receiverCpu, arrived.size()),
                UdpCounters.read().since(udp, "RcvbufErrors"));
    }

    /** Microseconds of a process's CPU per message, or NaN when its CPU time is not known. */
    private static double cpuPerMessage(long usedNanos, long before, int messages) {
        return before < 0 || messages == 0 ? Double.NaN : usedNanos / 1e3 / messages;
    }

    /** The receiver's messages on the channel, once all arrived or none came for a while. */
    private static List<Observed> awaitArrivals(EventLog log, int mark, Member receiver, String channel, int expected)
            throws InterruptedException {
        return awaitLogged(log, mark, o -> o.kind() == Observed.Kind.MESSAGE && o.observer().equals(receiver.id())
                && channel.equals(o.detail().path("channel").asString("")), expected);
    }

    /** The matching events since the mark, once there are as many as expected or none came for a while. */
    private static List<Observed> awaitLogged(EventLog log, int mark, Predicate<Observed> match, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + BURST_LIMIT.toNanos();
        int lastCount = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            List<Observed> matched = log.select(mark, match);
            long now = System.nanoTime();
            if (matched.size() != lastCount) {
                lastCount = matched.size();
                lastProgress = now;
            }
            if (matched.size() >= expected || now - lastProgress > QUIET.toNanos() || now > deadline) {
                return matched;
            }
            Thread.sleep(50);
        }
    }

    /** A small payload is just the sequence number; a 1 KB one pads it to a little over a kilobyte of JSON. */
    private static JsonNode payload(int seq, int padding) {
        ObjectNode data = ClusterSettings.JSON.createObjectNode().put("seq", seq);
        if (padding > 0) {
            data.put("pad", "x".repeat(padding));
        }
        return data;
    }
}
