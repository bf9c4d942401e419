package dev.discovery;

import dev.discovery.testing.InMemoryDns;
import dev.discovery.testing.InMemoryNetwork;
import dev.discovery.testing.VirtualScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs the real engine and ServiceDiscovery on many simulated hosts, applies a fault schedule on the virtual clock,
 * and checks the invariants as it goes. A run is a pure function of (seed, config, schedule): the same inputs give the
 * same run, which is what makes a failure replayable and shrinkable.
 *
 * <p>The invariants, with the bounds of {@link SimConfig}:
 * <ol>
 *   <li>{@link SimConfig#TABLES_EXACT_AFTER} after the calm, every running node's table is exactly the set of
 *       running, non-client nodes it can reach;</li>
 *   <li>{@link SimConfig#MASTERS_AGREED_AFTER} later, every connected group has exactly min(mastersRequired,
 *       eligible nodes in it) masters, and every node of the group names the same ones;</li>
 *   <li>no node is removed for silence while it is alive and reachable: a timeout removal is allowed only within
 *       NODE_TIMEOUT of a disturbance of that pair (a crash, start, pause or partition change), since losses never
 *       exceed {@link SimConfig#MAX_LOSS_RUN} in a row;</li>
 *   <li>at the first check, ServiceDiscovery's ready state and services match the services really available;</li>
 *   <li>no exception escapes, and every node's events are consistent with each other and with its table
 *       (see {@link EventAudit}).</li>
 *   <li>traffic (calls between random hosts, a failed call reported with {@link Discovery#reportUnreachable}, and
 *       forged reports about healthy nodes) never gets a node removed by suspicion while it is alive, reachable from
 *       the remover and has the remover in its table (it answers only members), unless that pair was disturbed (a
 *       start, pause or partition change) within the last {@link #SUSPICION_CALM} ms;</li>
 *   <li>a node that crashes while the network is calm, and is then called, is out of the table of every running
 *       node that was calm {@link #SUSPICION_BOUND} ms after the failed call.</li>
 * </ol>
 */
final class Simulation {

    record Result(List<String> violations, long faults, long removals, long checks, long delivered, long lost,
            long reports, long suspicionRemovals, long crashesCaught) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    private final long seed;
    private final SimConfig config;
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final InMemoryNetwork network;
    private final InMemoryDns dns = new InMemoryDns();
    private final List<SimHost> hosts = new ArrayList<>();
    private final Map<String, SimHost> byNodeId = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final boolean encrypted;
    private long lastPartitionChange;
    private long faults;
    private long checks;
    long removals;

    /** Two probe bounds, and the delays of a ping, its ack and the suspect in between. */
    static final long SUSPICION_BOUND = 2 * 150 + 4 * SimConfig.MAX_DELAY;
    static final long SUSPICION_CALM = 1_000;
    /** How long every node has known the others before a crash is expected to be caught by traffic. */
    private static final long KNOWN_FOR = 3 * SimConfig.HELLO;

    long reports;
    long suspicionRemovals;
    long crashesCaught;
    private boolean calm = true;

    private Simulation(long seed, SimConfig config) {
        this.seed = seed;
        this.config = config;
        this.network = new InMemoryNetwork(scheduler, ScheduleGenerator.random(seed, 3).nextLong())
                .maxConsecutiveLosses(SimConfig.MAX_LOSS_RUN)
                .delay(1, SimConfig.MAX_DELAY);
        // Any MAX_LOSS_RUN + 1 hellos in a row span MAX_LOSS_RUN intervals: one of them always arrives. Needed wherever
        // other datagrams share the links with hellos (the peer exchange with seeds, the suspicion protocol's pings
        // everywhere), since a run of losses counts them all.
        network.maxLossesWithin(SimConfig.MAX_LOSS_RUN, SimConfig.MAX_LOSS_RUN * SimConfig.HELLO + 1);
        Random random = ScheduleGenerator.random(seed, 2);
        this.encrypted = random.nextInt(3) == 0;
        for (int i = 1; i <= config.hosts(); i++) {
            // A client sends no hellos, so with seeds nobody would ever send it one: clients need broadcast.
            boolean client = config.hosts() > 3 && random.nextInt(10) == 0 && !config.seeds();
            Set<String> needs = new TreeSet<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                needs.add("svc-" + random.nextInt(SimConfig.SERVICES));
            }
            hosts.add(new SimHost(this, i, client, random.nextInt(10), i % SimConfig.SERVICES, needs));
        }
    }

    static Result run(long seed, SimConfig config, List<SimAction> schedule) {
        Simulation sim = new Simulation(seed, config);
        return sim.execute(schedule);
    }

    private Result execute(List<SimAction> schedule) {
        nameSeeds(hosts.subList(0, Math.min(SimConfig.SEEDS_PER_GROUP, hosts.size())));
        for (SimHost host : hosts) {
            host.startNewProcess();
        }
        Random traffic = ScheduleGenerator.random(seed, 4);
        long end = ScheduleGenerator.end(schedule);
        for (long at = 1_000 + traffic.nextInt(1_000); at < end; at += 100 + traffic.nextInt(900)) {
            SimHost caller = hosts.get(traffic.nextInt(hosts.size()));
            SimHost callee = hosts.get(traffic.nextInt(hosts.size()));
            boolean forged = traffic.nextInt(3) == 0;
            scheduler.schedule(at, () -> call(caller, callee, forged));
        }
        for (SimAction action : schedule) {
            scheduler.schedule(action.at(), () -> apply(action));
            if (action instanceof SimAction.Calm calm) {
                scheduler.schedule(calm.at() + SimConfig.TABLES_EXACT_AFTER, this::checkTablesAndServices);
                scheduler.schedule(calm.at() + SimConfig.TABLES_EXACT_AFTER + SimConfig.MASTERS_AGREED_AFTER,
                        this::checkMasters);
            }
        }
        try {
            scheduler.runUntil(ScheduleGenerator.end(schedule));
        } catch (RuntimeException | Error e) {
            violation("5: exception escaped: " + e);
        }
        for (SimHost host : hosts) {
            host.stopQuietly();
        }
        return new Result(List.copyOf(violations), faults, removals, checks, network.delivered(), network.lost(),
                reports, suspicionRemovals, crashesCaught);
    }

    // ---- what the hosts need ---------------------------------------------------------------------------------

    long now() {
        return scheduler.millis();
    }

    VirtualScheduler scheduler() {
        return scheduler;
    }

    InMemoryNetwork network() {
        return network;
    }

    InMemoryDns dns() {
        return dns;
    }

    private void nameSeeds(List<SimHost> named) {
        dns.set(SimConfig.SEED_NAME, named.stream().map(h -> h.address).toArray(String[]::new));
    }

    DiscoveryOptions.Builder options() {
        DiscoveryOptions.Builder options = config.options();
        return encrypted ? options.key("simulation-key") : options;
    }

    void register(String nodeId, SimHost host) {
        byNodeId.put(nodeId, host);
    }

    void violation(String text) {
        if (violations.size() < 20) {
            violations.add("t=" + now() + " invariant " + text);
        }
    }

    /** Invariant 3, asked by a host's audit when its node removed {@code nodeId} for silence. */
    void onTimeoutRemoval(SimHost observer, String nodeId) {
        removals++;
        SimHost subject = byNodeId.get(nodeId);
        if (subject == null || !subject.isRunningAs(nodeId) || !network.reachable(observer.address, subject.address)) {
            return;
        }
        long calmSince = Math.max(lastPartitionChange, Math.max(observer.lastDisturbed, subject.lastDisturbed));
        if (now() - calmSince > SimConfig.NODE_TIMEOUT) {
            violation("3: " + observer.name() + " removed " + subject.name() + " (" + nodeId + ") for silence although"
                    + " both were alive and connected since t=" + calmSince);
        }
    }

    /** Invariant 6, asked by a host's audit when its node removed {@code nodeId} by suspicion. */
    void onSuspectedRemoval(SimHost observer, String nodeId) {
        suspicionRemovals++;
        SimHost subject = byNodeId.get(nodeId);
        // A node answers only members it has in its table: one that has not yet heard the observer again (after a
        // partition, say) cannot answer it, and the observer may drop it until its next hello.
        if (subject == null || !subject.isRunningAs(nodeId) || !network.reachable(observer.address, subject.address)
                || !subject.peerIds().contains(observer.nodeId())) {
            return;
        }
        long calmSince = Math.max(lastPartitionChange, Math.max(observer.lastDisturbed, subject.lastDisturbed));
        if (now() - calmSince > SUSPICION_CALM) {
            violation("6: " + observer.name() + " removed " + subject.name() + " (" + nodeId + ") by suspicion although"
                    + " both were alive and connected since t=" + calmSince);
        }
    }

    /**
     * A call from one host to another: it fails when the callee is not running, paused or unreachable, and the caller
     * reports it; a forged call reports the callee whatever its state.
     */
    private void call(SimHost caller, SimHost callee, boolean forged) {
        if (caller == callee || caller.client || !caller.isRunning() || callee.discovery() == null) {
            return;
        }
        boolean fails = !callee.isRunning() || callee.lastDisturbed > now()
                || !network.reachable(caller.address, callee.address);
        if (fails || forged) {
            reports++;
            caller.discovery().reportUnreachable(callee.nodeId());
        }
    }

    /** Invariant 7: a crash in calm weather, then a call to it from a calm host. */
    private void callCrashed(SimHost crashed, String crashedId) {
        List<SimHost> calmHosts = running().stream()
                .filter(h -> !h.client && now() - h.lastDisturbed > KNOWN_FOR && h.peerIds().contains(crashedId))
                .toList();
        if (!calm || calmHosts.isEmpty() || now() - crashed.lastDisturbed < KNOWN_FOR + 10) {
            return;
        }
        SimHost caller = calmHosts.get(0);
        call(caller, crashed, false);
        scheduler.schedule(now() + SUSPICION_BOUND, () -> {
            if (!calm) {
                return; // the weather changed meanwhile: pings may be lost, so the bound does not hold
            }
            crashesCaught++;
            for (SimHost host : calmHosts) {
                if (host.isRunning() && now() - host.lastDisturbed > KNOWN_FOR + SUSPICION_BOUND
                        && host.peerIds().contains(crashedId)) {
                    violation("7: " + host.name() + " still has " + crashed.name() + " (" + crashedId + ") "
                            + SUSPICION_BOUND + " ms after " + caller.name() + "'s call to it failed");
                }
            }
        });
    }

    // ---- the schedule ----------------------------------------------------------------------------------------

    private SimHost host(int index) {
        return hosts.get(index - 1);
    }

    private void apply(SimAction action) {
        faults++;
        if (action instanceof SimAction.Crash a) {
            SimHost crashed = host(a.host());
            String crashedId = crashed.isRunning() ? crashed.nodeId() : null;
            crashed.crash();
            if (crashedId != null && !crashed.client) {
                scheduler.schedule(now() + 10, () -> callCrashed(crashed, crashedId));
            }
        } else if (action instanceof SimAction.Restart a) {
            host(a.host()).restartIfCrashed();
        } else if (action instanceof SimAction.Leave a) {
            host(a.host()).leave();
        } else if (action instanceof SimAction.Rejoin a) {
            host(a.host()).rejoinIfLeft();
        } else if (action instanceof SimAction.Partition a) {
            network.partition(a.sides().stream()
                    .map(side -> side.stream().filter(i -> i <= hosts.size()).map(i -> host(i).address).toList())
                    .toArray(List[]::new));
            lastPartitionChange = now();
            calm = false;
        } else if (action instanceof SimAction.Heal) {
            network.heal();
            lastPartitionChange = now();
        } else if (action instanceof SimAction.Weather a) {
            network.lossRate(a.loss()).duplicateRate(a.duplication()).delay(1, a.maxDelay());
            calm = false;
        } else if (action instanceof SimAction.Pause a) {
            host(a.host()).pause(a.millis());
        } else if (action instanceof SimAction.ClockJump a) {
            host(a.host()).jumpClock(a.millis());
        } else if (action instanceof SimAction.Promote a) {
            host(a.host()).promote();
        } else if (action instanceof SimAction.Demote a) {
            host(a.host()).demote(a.permanent());
        } else if (action instanceof SimAction.Advertise a) {
            host(a.host()).advertise(a.service(), a.ready());
        } else if (action instanceof SimAction.SeedsChange a) {
            nameSeeds(a.hosts().stream().filter(i -> i <= hosts.size()).map(this::host).toList());
        } else if (action instanceof SimAction.Calm a) {
            faults--; // not a fault
            if (!a.keepPartition()) {
                network.heal();
                lastPartitionChange = now();
            }
            network.lossRate(0).duplicateRate(0).delay(1, SimConfig.MAX_DELAY);
            calm = !a.keepPartition();
            if (config.seeds()) {
                // As a headless Service's endpoints follow the pods: the name catches up with the hosts that run, a few
                // in each group a partition leaves (a group no seed reaches could not find its restarted nodes).
                List<SimHost> named = new ArrayList<>();
                for (List<SimHost> group : groups()) {
                    named.addAll(group.subList(0, Math.min(SimConfig.SEEDS_PER_GROUP, group.size())));
                }
                nameSeeds(named);
            }
        }
    }

    // ---- invariants 1, 2, 4 ----------------------------------------------------------------------------------

    private List<SimHost> running() {
        return hosts.stream().filter(SimHost::isRunning).toList();
    }

    private void checkTablesAndServices() {
        checks++;
        for (SimHost host : hosts) {
            if (host.discovery() != null && host.discovery().failure().isPresent()) {
                violation("5: " + host.name() + " failed: " + host.discovery().failure().get());
            }
        }
        List<SimHost> running = running();
        for (SimHost host : running) {
            Set<String> expected = running.stream()
                    .filter(other -> other != host && !other.client && network.reachable(host.address, other.address))
                    .map(SimHost::nodeId)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> actual = host.peerIds();
            if (!actual.equals(expected)) {
                violation("1: " + host.name() + " sees " + actual + " but the reachable live nodes are " + expected);
            }
            host.audit().checkAgainst(actual);

            Set<String> offered = running.stream()
                    .filter(other -> other != host && !other.client && other.ready
                            && network.reachable(host.address, other.address))
                    .map(other -> "svc-" + other.service)
                    .collect(Collectors.toCollection(TreeSet::new));
            boolean shouldBeReady = offered.containsAll(host.needs);
            if (host.services().isReady() != shouldBeReady || !host.services().services().keySet().equals(offered)) {
                violation("4: " + host.name() + " ready=" + host.services().isReady() + " services="
                        + host.services().services().keySet() + " but needs " + host.needs + " and " + offered
                        + " are available");
            }
            if (host.audit().serviceReady() != host.services().isReady()) {
                violation("5: " + host.name() + " last readiness event says " + host.audit().serviceReady()
                        + " but isReady() is " + host.services().isReady());
            }
        }
    }

    /** The running hosts, by the connected groups a partition leaves. */
    private List<List<SimHost>> groups() {
        Map<String, List<SimHost>> groups = new LinkedHashMap<>();
        for (SimHost host : running()) {
            String group = groups.keySet().stream().filter(g -> network.reachable(g, host.address)).findFirst()
                    .orElse(host.address);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(host);
        }
        return new ArrayList<>(groups.values());
    }

    private void checkMasters() {
        checks++;
        for (List<SimHost> group : groups()) {
            long eligible = group.stream().filter(h -> !h.client && h.discovery().self().masterEligible()).count();
            Set<String> masters = group.stream().filter(h -> h.discovery().isMaster()).map(SimHost::nodeId)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (masters.size() != Math.min(config.mastersRequired(), eligible)) {
                violation("2: group " + names(group) + " has masters " + masters + ", expected "
                        + Math.min(config.mastersRequired(), eligible) + " of " + eligible + " eligible");
            }
            for (SimHost host : group) {
                Set<String> seen = host.discovery().masters().stream().map(Node::id)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (!seen.equals(masters)) {
                    violation("2: " + host.name() + " names masters " + seen + " but they are " + masters);
                }
            }
        }
    }

    private static String names(List<SimHost> group) {
        return group.stream().map(SimHost::name).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + config + (encrypted ? " encrypted" : "");
    }
}
