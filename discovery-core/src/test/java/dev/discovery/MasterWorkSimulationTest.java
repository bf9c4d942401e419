package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Master-only work and key ownership on the virtual network, one group (every node master eligible, the default of
 * {@link MasterWork} and {@link Ownership}, no quorum), across random crashes, restarts, graceful stops, rejoins,
 * partitions and heals, with delay and some loss. Every host runs a {@link MasterWork} and an {@link Ownership}; every
 * {@value #TICK} ms every running host offers one master-only call, which runs on the group's leader (not on the
 * cluster-wide masters: those only tell this test when a group has gone quiet). Checked at every tick:
 * <ol>
 *   <li>in every connected group whose hosts agree on the masters (its views have settled), and agreed at the previous
 *       tick too, at most one host runs the call;</li>
 *   <li>{@link #MAX_GAP} (takeoverTimeout, which is masterTimeout without a quorum, + checkInterval, plus one tick of
 *       granularity) after the last fault, every running host has seen a run in its group within the last
 *       {@link #MAX_GAP};</li>
 *   <li>once {@link #OWNERS_SETTLED} has passed since the last fault, each sample key has exactly one owner in each
 *       connected group, and each host's {@link OwnershipChanged} events add up to what it owns;</li>
 *   <li>in every {@link OwnershipChanged}, a key that changed owner left a node that left, or went to a node that
 *       joined.</li>
 * </ol>
 * Services on one port, quorums, pauses and clock jumps: {@link CoordinationSimulationTest}. More seeds:
 * {@code -Dmasterwork.seeds=1000}.
 */
class MasterWorkSimulationTest {

    static final long HELLO = 1_000;
    static final long CHECK = 2_000;
    static final long NODE_TIMEOUT = 4_000;
    static final long MASTER_TIMEOUT = 6_000;
    static final long MAX_DELAY = 50;
    /** At most this many datagrams in a row are lost on a link, so no live node is ever removed for silence. */
    static final int LOSS_RUN = 1;
    static final long TICK = 100;
    static final long MAX_GAP = MASTER_TIMEOUT + CHECK + TICK;
    /** Tables are exact again: the dead are removed (masterTimeout at most) and the new heard. */
    static final long OWNERS_SETTLED = MASTER_TIMEOUT + (LOSS_RUN + 1) * HELLO + MAX_DELAY;
    static final long RUN = 180_000;
    static final List<String> KEYS = IntStream.range(0, 200).mapToObj(i -> "tenant-" + i).toList();

    @Test
    void masterOnlyWorkAndOwnershipKeepTheirPromisesAcrossFaults() {
        int seeds = Integer.getInteger("masterwork.seeds", 60);
        long firstSeed = Long.getLong("masterwork.firstSeed", 1);
        List<String> violations = new ArrayList<>();
        long maxGap = 0;
        long maxOverlapAfterFault = 0;
        long overlapTicks = 0;
        long faults = 0;
        long ownershipEvents = 0;
        for (long seed = firstSeed; seed < firstSeed + seeds && violations.isEmpty(); seed++) {
            Run run = new Run(seed);
            run.execute();
            violations.addAll(run.violations);
            maxGap = Math.max(maxGap, run.maxGap);
            maxOverlapAfterFault = Math.max(maxOverlapAfterFault, run.maxOverlapAfterFault);
            overlapTicks += run.overlapTicks;
            faults += run.faults;
            ownershipEvents += run.ownershipEvents;
        }
        System.out.printf("master work: %d seeds, %d faults, longest gap %d ms (bound %d after a fault), %d ticks "
                        + "with two runners in a group before the election settled, the latest %d ms after a fault, "
                        + "%d ownership events%n", seeds, faults, maxGap, MAX_GAP, overlapTicks, maxOverlapAfterFault,
                ownershipEvents);
        assertThat(violations).isEmpty();
        assertThat(faults).isPositive();
        assertThat(ownershipEvents).isPositive();
    }

    /** One seeded run: hosts, faults, and the checks at every tick. */
    private static final class Run {

        final long seed;
        final Random random;
        final VirtualScheduler clock = new VirtualScheduler();
        final InMemoryNetwork network;
        final DiscoveryOptions.Builder options;
        final List<Host> hosts = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        long lastFault;
        /** The groups, with the masters they agreed on, that had settled at the previous tick. */
        Set<String> settled = Set.of();
        long maxGap;
        long maxOverlapAfterFault;
        long overlapTicks;
        long faults;
        long ownershipEvents;

        Run(long seed) {
            this.seed = seed;
            this.random = ScheduleGenerator.random(seed, 7);
            this.network = new InMemoryNetwork(clock, random.nextLong()).lossRate(0.05)
                    .maxConsecutiveLosses(LOSS_RUN).delay(1, MAX_DELAY);
            this.options = DiscoveryOptions.builder().hostName("sim")
                    .helloInterval(Duration.ofMillis(HELLO)).checkInterval(Duration.ofMillis(CHECK))
                    .nodeTimeout(Duration.ofMillis(NODE_TIMEOUT)).masterTimeout(Duration.ofMillis(MASTER_TIMEOUT))
                    .mastersRequired(1 + random.nextInt(2));
            int count = 2 + random.nextInt(8);
            for (int i = 1; i <= count; i++) {
                hosts.add(new Host(this, i, random.nextInt(4))); // few weights: ties are broken by id
            }
        }

        void execute() {
            hosts.forEach(Host::startNewProcess);
            for (long at = 1_000 + random.nextInt(4_000); at < RUN; at += 300 + random.nextInt(16_000)) {
                clock.schedule(at, this::fault);
            }
            clock.schedule(RUN, this::calm);
            tick();
            clock.runUntil(RUN + OWNERS_SETTLED + 5_000);
            hosts.forEach(Host::stop);
        }

        private void fault() {
            faults++;
            lastFault = clock.millis();
            Host host = hosts.get(random.nextInt(hosts.size()));
            switch (random.nextInt(6)) {
                case 0 -> host.crash();
                case 1 -> host.leave();
                case 2 -> host.recover();
                case 3 -> {
                    List<String> side = hosts.stream().filter(h -> random.nextBoolean()).map(h -> h.address).toList();
                    List<String> other = hosts.stream().map(h -> h.address).filter(a -> !side.contains(a)).toList();
                    network.partition(side, other);
                }
                case 4 -> network.heal();
                default -> hosts.get(random.nextInt(hosts.size())).recover();
            }
        }

        private void calm() {
            lastFault = clock.millis();
            network.heal();
            hosts.forEach(Host::recover);
        }

        private void tick() {
            long now = clock.millis();
            Set<Host> ran = new HashSet<>();
            for (Host host : hosts) {
                if (host.isRunning() && host.work.runIfLeader(() -> { })) {
                    ran.add(host);
                }
            }
            Set<String> settledNow = new HashSet<>();
            for (List<Host> group : groups()) {
                List<Host> runners = group.stream().filter(ran::contains).toList();
                String agreement = agreement(group);
                if (agreement != null) {
                    settledNow.add(agreement);
                }
                if (runners.size() > 1) {
                    if (agreement != null && settled.contains(agreement)) {
                        violation("1: " + names(runners) + " all ran master-only work in group " + names(group)
                                + ", which agrees on the masters " + agreement);
                    } else {
                        overlapTicks++;
                        maxOverlapAfterFault = Math.max(maxOverlapAfterFault, now - lastFault);
                    }
                }
                for (Host host : group) {
                    if (!runners.isEmpty()) {
                        host.lastRunSeen = now;
                    }
                    long gap = now - Math.max(host.lastRunSeen, host.runningSince);
                    maxGap = Math.max(maxGap, gap);
                    if (now - lastFault > MAX_GAP && gap > MAX_GAP) {
                        violation("2: " + host.name() + " saw no master-only run for " + gap + " ms in group "
                                + names(group));
                    }
                }
                if (now % 1_000 == 0 && now - lastFault >= OWNERS_SETTLED) {
                    checkOwners(group);
                }
            }
            settled = settledNow;
            if (now < RUN + OWNERS_SETTLED + 5_000 && violations.size() < 10) {
                clock.schedule(TICK, this::tick);
            }
        }

        /** The group and its masters when every host of it names exactly the masters it has, else null. */
        private static String agreement(List<Host> group) {
            Set<String> masters = new TreeSet<>();
            group.stream().filter(h -> h.discovery.isMaster()).forEach(h -> masters.add(h.discovery.id()));
            for (Host host : group) {
                Set<String> seen = new TreeSet<>();
                host.discovery.masters().forEach(n -> seen.add(n.id()));
                if (!seen.equals(masters)) {
                    return null;
                }
            }
            return names(group) + " " + masters;
        }

        private void checkOwners(List<Host> group) {
            for (String key : KEYS) {
                List<Host> owners = group.stream().filter(h -> h.ownership.owns(key)).toList();
                if (owners.size() != 1) {
                    violation("3: key " + key + " has owners " + names(owners) + " in group " + names(group));
                    return;
                }
            }
            for (Host host : group) {
                Set<String> owned = new HashSet<>(host.ownership.owned(KEYS));
                if (!owned.equals(host.ownedByEvents)) {
                    violation("3: " + host.name() + " owns " + owned.size() + " keys but its events say "
                            + host.ownedByEvents.size());
                    return;
                }
            }
        }

        void onOwnershipChanged(Host host, OwnershipChanged change) {
            ownershipEvents++;
            RendezvousHash before = new RendezvousHash(change.previousOwners());
            RendezvousHash after = new RendezvousHash(change.owners());
            for (String key : KEYS) {
                String from = before.owner(key);
                String to = after.owner(key);
                if (from != null && to != null && !from.equals(to)
                        && change.owners().contains(from) && change.previousOwners().contains(to)) {
                    violation("4: key " + key + " moved from " + from + " to " + to + " at " + host.name()
                            + " although both stayed: " + change);
                }
                if (change.gained(key)) {
                    host.ownedByEvents.add(key);
                } else if (change.lost(key)) {
                    host.ownedByEvents.remove(key);
                }
            }
        }

        /** The running hosts, split into groups that reach each other. */
        private List<List<Host>> groups() {
            Map<String, List<Host>> groups = new LinkedHashMap<>();
            for (Host host : hosts) {
                if (!host.isRunning()) {
                    continue;
                }
                String group = groups.keySet().stream().filter(g -> network.reachable(g, host.address)).findFirst()
                        .orElse(host.address);
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(host);
            }
            return new ArrayList<>(groups.values());
        }

        private void violation(String text) {
            if (violations.size() < 10) {
                violations.add("seed " + seed + " (" + hosts.size() + " hosts), t=" + clock.millis() + ": " + text);
            }
        }

        private static String names(List<Host> hosts) {
            return hosts.stream().map(Host::name).toList().toString();
        }
    }

    /** One node on a simulated host, with its weight. */
    private static final class Host extends SimulatedHost {

        final Run run;
        final double weight;
        MasterWork work;
        Ownership ownership;
        long runningSince;
        long lastRunSeen;
        final Set<String> ownedByEvents = new HashSet<>();

        Host(Run run, int index, double weight) {
            super(run.network, run.clock, index);
            this.run = run;
            this.weight = weight;
        }

        String name() {
            return "h" + index + "-" + incarnation + (discovery != null && discovery.isMaster() ? "(m)" : "");
        }

        @Override
        Discovery newProcess(HostLink link, String id) {
            Discovery node = new Discovery(run.options.weight(weight).build(), link, clock, id);
            work = new MasterWork(node);
            ownership = new Ownership(node);
            ownedByEvents.clear();
            ownership.addListener(change -> run.onOwnershipChanged(this, change));
            return node;
        }

        @Override
        void starting() {
            runningSince = run.clock.millis();
        }
    }
}
