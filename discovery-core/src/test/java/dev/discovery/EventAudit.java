package dev.discovery;

import java.util.HashSet;
import java.util.Set;

/**
 * Invariant 5 for one running node: its events must tell a consistent story. A node is added once before it is
 * updated or removed, removed only when present; promotions and demotions alternate; service instances and
 * readiness follow the same rules; and at a check, the story matches the node's table.
 */
final class EventAudit {

    private final SimHost host;
    private final Simulation sim;
    private final Set<String> present = new HashSet<>();
    private final Set<String> instances = new HashSet<>();
    private boolean master;
    private Boolean ready;

    EventAudit(SimHost host, Simulation sim) {
        this.host = host;
        this.sim = sim;
    }

    /** A stopped node forgets its table without events; so does its audit. */
    void reset() {
        present.clear();
        instances.clear();
        master = false;
        ready = null;
    }

    boolean serviceReady() {
        return Boolean.TRUE.equals(ready);
    }

    void onEvent(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.NodeAdded e) {
            expect(present.add(e.node().id()), "added " + e.node().id() + " twice");
        } else if (event instanceof DiscoveryEvent.NodeUpdated e) {
            expect(present.contains(e.node().id()), "updated " + e.node().id() + " which it does not have");
        } else if (event instanceof DiscoveryEvent.MasterElected e) {
            expect(present.contains(e.node().id()), "master " + e.node().id() + " which it does not have");
        } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
            expect(present.remove(e.node().id()), "removed " + e.node().id() + " which it does not have");
            if (e.reason() == RemovalReason.TIMED_OUT) {
                sim.onTimeoutRemoval(host, e.node().id());
            } else if (e.reason() == RemovalReason.SUSPECTED) {
                sim.onSuspectedRemoval(host, e.node().id());
            } else {
                sim.removals++;
            }
        } else if (event instanceof DiscoveryEvent.Promoted) {
            expect(!master, "promoted while master");
            master = true;
        } else if (event instanceof DiscoveryEvent.Demoted) {
            expect(master, "demoted while not master");
            master = false;
        }
    }

    void onServiceEvent(ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded e) {
            expect(instances.add(e.instance().nodeId()), "instance " + e.instance().nodeId() + " added twice");
        } else if (event instanceof ServiceEvent.InstanceUpdated e) {
            expect(instances.contains(e.instance().nodeId()), "updated unknown instance " + e.instance().nodeId());
        } else if (event instanceof ServiceEvent.InstanceRemoved e) {
            expect(instances.remove(e.instance().nodeId()), "removed unknown instance " + e.instance().nodeId());
        } else if (event instanceof ServiceEvent.Ready) {
            expect(!Boolean.TRUE.equals(ready), "ready twice");
            ready = true;
        } else if (event instanceof ServiceEvent.NotReady) {
            expect(Boolean.TRUE.equals(ready), "notready while not ready");
            ready = false;
        }
    }

    void checkAgainst(Set<String> table) {
        expect(present.equals(table), "events say " + present + " but the table holds " + table);
        expect(master == host.discovery().isMaster(), "events say master=" + master);
    }

    private void expect(boolean condition, String what) {
        if (!condition) {
            sim.violation("5: " + host.name() + " " + what);
        }
    }
}
