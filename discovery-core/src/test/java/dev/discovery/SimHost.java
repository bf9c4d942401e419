package dev.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One simulated host of a {@link Simulation}: its clock, its link, and the node process running on it. */
final class SimHost {

    final int index;
    final String address;
    final boolean client;
    final Set<String> needs;
    private final Simulation sim;
    private final double weight;
    private final HostClock clock;
    int service;
    boolean ready = true;
    /** The end of the last thing that disturbed this host's heartbeat: a start, crash or pause. */
    long lastDisturbed;

    private int incarnation;
    private HostLink link;
    private Discovery discovery;
    private ServiceDiscovery services;
    private EventAudit audit;
    private boolean crashed;
    private boolean left;
    private long clockOffset;

    SimHost(Simulation sim, int index, boolean client, double weight, int service, Set<String> needs) {
        this.sim = sim;
        this.index = index;
        this.address = "10.0." + (index / 250) + "." + (index % 250 + 1);
        this.client = client;
        this.weight = weight;
        this.service = service;
        this.needs = needs;
        this.clock = new HostClock(sim.scheduler());
    }

    String name() {
        return "h" + index + (client ? "(client)" : "");
    }

    String nodeId() {
        return discovery.id();
    }

    Discovery discovery() {
        return discovery;
    }

    ServiceDiscovery services() {
        return services;
    }

    EventAudit audit() {
        return audit;
    }

    boolean isRunning() {
        return discovery != null && discovery.isRunning();
    }

    boolean isRunningAs(String nodeId) {
        return isRunning() && nodeId.equals(discovery.id());
    }

    Set<String> peerIds() {
        return discovery.nodes().stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A new process: a new node id, an empty table. */
    void startNewProcess() {
        incarnation++;
        String id = String.format("h%04d-%d", index, incarnation);
        link = new HostLink(sim.network().transport(address), clock);
        discovery = new Discovery(sim.options().weight(weight).client(client).build(), link, clock, sim.dns(), id);
        services = new ServiceDiscovery(discovery);
        audit = new EventAudit(this, sim);
        discovery.addListener(audit::onEvent);
        services.addListener(audit::onServiceEvent);
        services.advertise(advertisement());
        if (!needs.isEmpty()) {
            services.need(needs.toArray(String[]::new));
        }
        sim.register(id, this);
        start();
    }

    private void start() {
        lastDisturbed = Math.max(lastDisturbed, sim.now()); // a pause that is still on keeps counting
        audit.reset();
        services.start();
    }

    void crash() {
        if (!isRunning()) {
            return;
        }
        link.crash();
        crashed = true;
        lastDisturbed = Math.max(lastDisturbed, sim.now());
        services.stop(); // its goodbye dies with the link
    }

    void restartIfCrashed() {
        if (crashed) {
            crashed = false;
            startNewProcess();
        }
    }

    void leave() {
        if (isRunning()) {
            left = true;
            lastDisturbed = Math.max(lastDisturbed, sim.now());
            services.stop();
        }
    }

    void rejoinIfLeft() {
        if (left) {
            left = false;
            start();
        }
    }

    void pause(long millis) {
        clock.pause(millis);
        lastDisturbed = Math.max(lastDisturbed, sim.now() + millis);
    }

    /**
     * Jumps the wall clock, keeping it within {@link SimConfig#MAX_CLOCK_OFFSET} of true time: encrypted clusters need
     * clocks within the replay window of each other, and that is the documented precondition, not a fault to survive.
     */
    void jumpClock(long millis) {
        long target = Math.max(-SimConfig.MAX_CLOCK_OFFSET, Math.min(SimConfig.MAX_CLOCK_OFFSET, clockOffset + millis));
        clock.jumpWallClock(target - clockOffset);
        clockOffset = target;
    }

    void promote() {
        if (isRunning()) {
            discovery.promote();
        }
    }

    void demote(boolean permanent) {
        if (isRunning()) {
            discovery.demote(permanent);
        }
    }

    void advertise(int newService, boolean newReady) {
        service = newService;
        ready = newReady;
        services.advertise(advertisement());
    }

    private Map<String, Object> advertisement() {
        Map<String, Object> ad = new LinkedHashMap<>();
        ad.put("name", "svc-" + service);
        ad.put("ready", ready);
        ad.put("host", name());
        return ad;
    }

    void stopQuietly() {
        if (isRunning()) {
            services.stop();
        }
    }
}
