package dev.discovery.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The long-lived members of one benchmark cluster, all of one implementation, and the log of everything they see.
 * Scenarios add a newcomer or a victim to it for each run and time how the members react. Members have weights 1..N,
 * so the last one started is the heaviest and becomes master.
 */
final class Cluster implements AutoCloseable {

    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(60);

    private final Contender contender;
    private final ClusterSettings settings;
    private final EventLog log = new EventLog();
    private final List<Member> members = new ArrayList<>();

    private Cluster(Contender contender, ClusterSettings settings) {
        this.contender = contender;
        this.settings = settings;
    }

    /** Starts {@code size} members and returns once every member knows every other and one master is agreed. */
    static Cluster start(Contender contender, ClusterSettings settings, int size) throws IOException, InterruptedException {
        Cluster cluster = new Cluster(contender, settings);
        try {
            for (int i = 1; i <= size; i++) {
                cluster.members.add(contender.startMember(settings, i, cluster.log));
            }
            cluster.awaitMutualDiscovery();
            cluster.awaitSingleMaster();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitMutualDiscovery() throws InterruptedException {
        for (Member member : members) {
            Set<String> others = new LinkedHashSet<>(ids());
            others.remove(member.id());
            Map<String, Long> seen = log.firstSeen(others, 0, o -> o.is(Observed.Kind.ADDED, member.id()), FORMATION_TIMEOUT);
            if (seen.size() < others.size()) {
                throw new IllegalStateException(contender.name() + " cluster did not form: " + seen.size() + " of "
                        + others.size() + " members know " + member.id());
            }
        }
    }

    private void awaitSingleMaster() throws InterruptedException {
        long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Member> masters = masters();
            if (masters.size() == 1) {
                String master = masters.get(0).id();
                Set<String> others = new LinkedHashSet<>(ids());
                others.remove(master);
                if (log.firstSeen(others, 0, o -> o.is(Observed.Kind.MASTER, master), Duration.ZERO).size() == others.size()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(contender.name() + " cluster agreed on no single master within " + FORMATION_TIMEOUT);
    }

    /** The members that are master by their own account. */
    List<Member> masters() {
        return members.stream().filter(m -> log.isMaster(m.id())).toList();
    }

    Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        members.forEach(m -> ids.add(m.id()));
        return ids;
    }

    Contender contender() {
        return contender;
    }

    ClusterSettings settings() {
        return settings;
    }

    EventLog log() {
        return log;
    }

    @Override
    public void close() {
        members.forEach(Member::close);
        members.clear();
    }
}
