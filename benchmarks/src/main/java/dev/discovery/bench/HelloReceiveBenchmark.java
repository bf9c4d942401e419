package dev.discovery.bench;

import dev.discovery.DiscoveryOptions;
import dev.discovery.DiscoveryStats;
import dev.discovery.Encryption;
import dev.discovery.internal.engine.Engine;
import dev.discovery.internal.net.SystemNameResolver;
import dev.discovery.internal.wire.Envelope;
import dev.discovery.internal.wire.Framing;
import dev.discovery.internal.wire.Hello;
import dev.discovery.internal.wire.Json;
import dev.discovery.internal.wire.PlainFraming;
import dev.discovery.internal.wire.ReplayGuard;
import dev.discovery.internal.wire.WireCodec;
import dev.discovery.testing.VirtualScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one received hello from a known peer: framing (plain or decryption), JSON parsing, field checks and the
 * table update, through the engine's real receive path ({@link Engine#receive}) minus the socket. Lives in package
 * {@code dev.discovery} because the engine is package-private.
 *
 * <p>Hellos come in turn from {@value #PEERS} peers that are already in the table, each carrying a small
 * advertisement, as in a steady cluster. With AES-256-GCM a replayed datagram is refused, so every invocation must
 * see a datagram it has not accepted before: the ring holds one datagram per sender and more senders than the replay
 * guard tracks, so by the time a datagram comes round again its sender has been evicted. The figure therefore
 * includes one replay-guard insertion and eviction per datagram, slightly more than a steady sender costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HelloReceiveBenchmark {

    static final int PEERS = 100;
    /** 32 raw bytes for the authenticated scheme; a base64 key skips the passphrase stretching. */
    private static final String GCM_KEY = "base64:KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";
    private static final String LEGACY_PASSPHRASE = "benchmark passphrase";
    private static final Map<String, Object> ADVERTISEMENT = Map.of("name", "orders", "port", 8080, "ready", true);

    @Param({"NONE", "AES256_LEGACY", "AES_256_GCM"})
    public String framing;

    private Engine receiver;
    private byte[][] datagrams;
    private InetSocketAddress[] sources;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        VirtualScheduler clock = new VirtualScheduler(); // frozen time: the GCM timestamps never age out
        DiscoveryOptions options = options(framing);
        receiver = new Engine(options, new SilentTransport(), clock, new SystemNameResolver(), "receiver", "receiver-process");
        receiver.start();
        long wallMillis = clock.instant().toEpochMilli();
        boolean replayGuarded = "AES_256_GCM".equals(framing);
        int ringSize = replayGuarded ? ReplayGuard.MAX_SENDERS + 4_096 : PEERS;
        byte[][] hellos = helloJson(options);
        datagrams = new byte[ringSize][];
        Framing shared = Framing.forOptions(options);
        for (int i = 0; i < ringSize; i++) {
            // Each GCM framing is a sender of its own (random sender id, sequence from 1).
            Framing sealer = replayGuarded ? Framing.forOptions(options) : shared;
            datagrams[i] = sealer.seal(hellos[i % PEERS], wallMillis);
        }
        sources = new InetSocketAddress[PEERS];
        for (int p = 0; p < PEERS; p++) {
            sources[p] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) p}), 12345);
        }
        for (int p = 0; p < PEERS; p++) { // the peers are known before measuring: every hello is an update
            receiver.receive(datagrams[p], sources[p]);
        }
        next = PEERS % ringSize;
        requireNothingDropped();
    }

    @Benchmark
    public void receiveHello() {
        int i = next;
        next = i + 1 == datagrams.length ? 0 : i + 1;
        receiver.receive(datagrams[i], sources[i % PEERS]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        requireNothingDropped();
        receiver.stop();
    }

    /** A benchmark of datagrams that were refused would measure the wrong thing: fail instead. */
    private void requireNothingDropped() {
        DiscoveryStats stats = receiver.stats();
        long dropped = stats.dropped().values().stream().mapToLong(Long::longValue).sum();
        if (dropped > 0) {
            throw new IllegalStateException("hellos were dropped, the benchmark is invalid: " + stats.dropped());
        }
    }

    private static DiscoveryOptions options(String framing) {
        DiscoveryOptions.Builder builder = DiscoveryOptions.builder().hostName("bench").broadcast("127.255.255.255");
        return switch (framing) {
            case "NONE" -> builder.build();
            case "AES256_LEGACY" -> builder.key(LEGACY_PASSPHRASE).encryption(Encryption.AES256_LEGACY).build();
            case "AES_256_GCM" -> builder.key(GCM_KEY).encryption(Encryption.AES_256_GCM)
                    .replayWindow(Duration.ofSeconds(30)).build();
            default -> throw new IllegalArgumentException("unknown framing " + framing);
        };
    }

    /** The JSON text of each peer's hello, as that peer's engine would write it. */
    private static byte[][] helloJson(DiscoveryOptions options) {
        WireCodec codec = new WireCodec(new PlainFraming());
        byte[][] json = new byte[PEERS][];
        for (int p = 0; p < PEERS; p++) {
            Hello hello = new Hello(false, true, -0.17 - p * 1e-6, Json.toTree(ADVERTISEMENT));
            json[p] = codec.json(new Envelope(Envelope.HELLO, "process-" + p, "peer-" + p, options.hostName(),
                    hello.toJson()));
        }
        return json;
    }
}
