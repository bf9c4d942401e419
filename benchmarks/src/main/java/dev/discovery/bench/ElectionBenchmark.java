package dev.discovery.bench;

import dev.discovery.internal.engine.Election;
import dev.discovery.internal.engine.PeerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

/**
 * One election check ({@link Election#decide}) over a table of N peers, as every node runs it each checkInterval
 * and whenever a node is removed. The table holds one master and eligible peers of random weights; the local node is
 * an eligible non-master, so the whole table is ranked against it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ElectionBenchmark {

    @Param({"10", "100", "1000"})
    public int peers;

    private List<PeerRecord> table;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        table = new ArrayList<>(peers);
        for (int i = 0; i < peers; i++) {
            PeerRecord peer = new PeerRecord("peer-" + i);
            peer.weight = -random.nextDouble();
            peer.masterEligible = true;
            peer.master = i == peers / 2;
            table.add(peer);
        }
    }

    @Benchmark
    public Election.Decision decide() {
        return Election.decide(false, true, -0.5, "local", table, 1);
    }
}
