package dev.discovery.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Channel messages between two processes of one implementation (for us two child JVMs, for node-discover two
 * peer.js processes), driven and timed identically through the peer protocol: the harness writes a {@code send}
 * command to the sender's stdin and stamps the receiver's {@code message} line when it arrives. Latency is therefore
 * one way through the library plus two pipes (the harness to the sender, the receiver to the harness), for both.
 *
 * <p>Both processes first exchange {@value #WARMUP_MESSAGES} unmeasured messages, small and 1 KB in turn, at most
 * {@value #WARMUP_BATCH} a millisecond, so that neither implementation is measured while it loads and compiles its
 * code (HotSpot compiles a method fully only after some ten thousand calls; 500 messages left the JVM's send and
 * receive paths half compiled). Latency: messages paced {@value #PACE_MILLIS} ms
 * apart. Throughput: a burst of send commands as fast as the pipe
 * takes them; messages per second is what reached the receiver divided by the time from the first command to the
 * last arrival, and what did not arrive is reported as loss.
 */
final class MessagingScenario {

    static final int PACE_MILLIS = 5;
    static final int WARMUP_MESSAGES = 10_000;
    static final int WARMUP_BATCH = 10;
    private static final int KILOBYTE_PADDING = 1000;
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration BURST_LIMIT = Duration.ofSeconds(60);

    record Throughput(int sent, int received, double perSecond) {

        String describe() {
            double loss = 100.0 * (sent - received) / sent;
            return String.format("%,.0f msg/s (%d of %d arrived, %.1f%% lost)", perSecond, received, sent, loss);
        }
    }

    record Result(Samples smallLatency, Samples largeLatency, Throughput small, Throughput large) {
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
            Samples small = latency(log, sender, receiver, "latency-small", 0, latencyMessages);
            Samples large = latency(log, sender, receiver, "latency-1k", KILOBYTE_PADDING, latencyMessages);
            Throughput smallBurst = burst(log, sender, receiver, "burst-small", 0, burstMessages);
            Throughput largeBurst = burst(log, sender, receiver, "burst-1k", KILOBYTE_PADDING, burstMessages);
            return new Result(small, large, smallBurst, largeBurst);
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
        int mark = log.mark();
        long t0 = System.nanoTime();
        for (int seq = 0; seq < count; seq++) {
            sender.send(channel, payload(seq, padding));
        }
        List<Observed> arrived = awaitArrivals(log, mark, receiver, channel, count);
        if (arrived.isEmpty()) {
            return new Throughput(count, 0, 0);
        }
        double seconds = (arrived.get(arrived.size() - 1).nanos() - t0) / 1e9;
        return new Throughput(count, arrived.size(), arrived.size() / seconds);
    }

    /** The receiver's messages on the channel, once all arrived or none came for a while. */
    private static List<Observed> awaitArrivals(EventLog log, int mark, Member receiver, String channel, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + BURST_LIMIT.toNanos();
        int lastCount = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            List<Observed> arrived = log.select(mark, o -> o.kind() == Observed.Kind.MESSAGE
                    && o.observer().equals(receiver.id()) && channel.equals(o.detail().path("channel").asString("")));
            long now = System.nanoTime();
            if (arrived.size() != lastCount) {
                lastCount = arrived.size();
                lastProgress = now;
            }
            if (arrived.size() >= expected || now - lastProgress > QUIET.toNanos() || now > deadline) {
                return arrived;
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
