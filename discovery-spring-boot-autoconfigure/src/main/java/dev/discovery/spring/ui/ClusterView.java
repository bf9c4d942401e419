package dev.discovery.spring.ui;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryListener;
import dev.discovery.DiscoveryOptions;
import dev.discovery.DiscoveryStats;
import dev.discovery.DropReason;
import dev.discovery.Node;
import dev.discovery.RemovalReason;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceEvent;
import dev.discovery.ServiceInstance;
import dev.discovery.ServiceListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * What the cluster page shows, read through the public API of {@link ServiceDiscovery} and {@link Discovery}, plus
 * what only the events tell: the timeline, and why an instance's setup is failing. It listens from its creation, so
 * the timeline begins before the node starts.
 */
final class ClusterView implements AutoCloseable {

    static final int TIMELINE_SIZE = 200;

    private final ServiceDiscovery services;
    private final Discovery discovery;
    private final Timeline timeline = new Timeline(TIMELINE_SIZE);
    /** Why the setup of a node's instance is failing, by node id; cleared when it becomes available or leaves. */
    private final Map<String, String> setupFailures = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final DiscoveryListener nodeListener = this::onNodeEvent;
    /** What this node announced when {@link #selfChanged()} last looked. */
    private List<Object> lastSelf;
    private final ServiceListener serviceListener = this::onServiceEvent;
    /** This node's address as its peers see it, found once: its own is 0.0.0.0 when bound to every interface. */
    private final String selfAddress;

    ClusterView(ServiceDiscovery services) {
        this.services = services;
        this.discovery = services.discovery();
        discovery.addListener(nodeListener);
        services.addListener(serviceListener);
        lastSelf = announced(discovery.self());
        selfAddress = AddressPeersSee.of(discovery.self().address(), discovery.options());
    }

    /** Runs {@code listener} after every change the page shows, on the node's event thread: it must be quick. */
    void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    @Override
    public void close() {
        discovery.removeListener(nodeListener);
        services.removeListener(serviceListener);
    }

    ClusterSnapshot snapshot() {
        Node self = discovery.self();
        long now = self.lastSeen().toEpochMilli();
        DiscoveryOptions options = discovery.options();
        List<Node> others = discovery.nodes();
        Map<String, List<ServiceInstance>> available = services.services();
        Set<String> needs = services.needs();

        List<ClusterSnapshot.NodeRow> rows = new ArrayList<>(others.size() + 1);
        rows.add(row(self, selfAddress, options, true));
        others.forEach(node -> rows.add(row(node, node.address(), options, false)));

        Map<String, ServiceBuilder> byName = new TreeMap<>();
        Set<String> availableNodes = new HashSet<>();
        available.forEach((name, instances) -> instances.forEach(instance -> {
            availableNodes.add(instance.nodeId());
            byName.computeIfAbsent(name, ServiceBuilder::new).available.add(new ClusterSnapshot.Instance(
                    instance.nodeId(), instance.hostName(), instance.address(), null));
        }));
        for (Node node : others) {
            String name = serviceName(node);
            if (name != null && !availableNodes.contains(node.id())) {
                byName.computeIfAbsent(name, ServiceBuilder::new).unavailable.add(new ClusterSnapshot.Instance(
                        node.id(), node.hostName(), node.address(), unavailableBecause(node)));
            }
        }
        needs.forEach(name -> byName.computeIfAbsent(name, ServiceBuilder::new).needed = true);

        List<ClusterSnapshot.Need> needRows = needs.stream().sorted()
                .map(name -> new ClusterSnapshot.Need(name, !available.getOrDefault(name, List.of()).isEmpty()))
                .toList();
        List<String> masters = discovery.masters().stream().map(Node::id).toList();
        return new ClusterSnapshot(now, discovery.isRunning(), self.id(), rows, masters,
                byName.values().stream().map(ServiceBuilder::build).toList(), needRows, services.isReady(),
                packets(discovery.stats()), timeline.newestFirst());
    }

    /** When each node was last heard and the packet counters: what changes with every hello, without an event. */
    ClusterSnapshot.Heard heard() {
        Map<String, Long> lastSeen = new LinkedHashMap<>();
        discovery.nodes().forEach(node -> lastSeen.put(node.id(), node.lastSeen().toEpochMilli()));
        return new ClusterSnapshot.Heard(discovery.self().lastSeen().toEpochMilli(), lastSeen,
                packets(discovery.stats()));
    }

    /**
     * Whether this node announces something new since the last call: a new advertisement of its own raises no event,
     * so the page's feed asks.
     */
    synchronized boolean selfChanged() {
        List<Object> now = announced(discovery.self());
        boolean changed = !now.equals(lastSelf);
        lastSelf = now;
        return changed;
    }

    private static List<Object> announced(Node self) {
        return Arrays.asList(self.hostName(), self.address(), self.port(), self.master(), self.masterEligible(),
                self.weight(), self.advertisement());
    }

    private void onNodeEvent(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.NodeAdded added) {
            record("join", added.node(), label(added.node()) + " joined");
        } else if (event instanceof DiscoveryEvent.NodeUpdated updated) {
            Node before = updated.previous();
            Node after = updated.node();
            if (before.master() && !after.master()) {
                record("election", after, label(after) + " stepped down as master");
            }
            if (!Objects.equals(before.advertisement(), after.advertisement())) {
                record("service", after, label(after) + " now advertises " + after.advertisement());
            }
        } else if (event instanceof DiscoveryEvent.NodeRemoved removed) {
            setupFailures.remove(removed.node().id());
            if (removed.reason() != RemovalReason.SUSPECTED) { // the Suspected event just before says why
                record("leave", removed.node(), label(removed.node()) + (removed.reason() == RemovalReason.LEFT
                        ? " left (said goodbye)"
                        : " timed out (nothing heard for " + seconds(timeout(removed.node(), discovery.options()))
                                + ")"));
            }
        } else if (event instanceof DiscoveryEvent.Suspected suspected) {
            record("leave", suspected.node(), label(suspected.node()) + " removed: suspected by "
                    + who(suspected.suspectedBy()) + " (a call could not reach it), confirmed by "
                    + String.join(", ", suspected.confirmedBy().stream().map(this::who).toList())
                    + " (no answer to their probes)");
        } else if (event instanceof DiscoveryEvent.SuspicionRefuted refuted) {
            record("join", refuted.node(), label(refuted.node()) + " was reported unreachable but answered "
                    + who(refuted.answeredTo()) + ": kept");
        } else if (event instanceof DiscoveryEvent.MasterElected elected) {
            record("election", elected.node(), label(elected.node()) + " became master");
        } else if (event instanceof DiscoveryEvent.Promoted promoted) {
            record("election", promoted.self(), "this node became master");
        } else if (event instanceof DiscoveryEvent.Demoted demoted) {
            record("election", demoted.self(), "this node stepped down as master");
        } else {
            return; // a data error changes only the packet counters, which the page gets every second
        }
        changed();
    }

    private void onServiceEvent(ServiceEvent event) {
        if (event instanceof ServiceEvent.InstanceAdded added) {
            setupFailures.remove(added.instance().nodeId());
            record(added.instance(), "available");
        } else if (event instanceof ServiceEvent.InstanceRemoved removed) {
            record(removed.instance(), "no longer available");
        } else if (event instanceof ServiceEvent.SetupFailed failed) {
            String why = "setup failing: " + rootCause(failed.cause()) + " (attempt " + failed.attempt() + ", next in "
                    + seconds(failed.retryIn()) + ")";
            setupFailures.put(failed.instance().nodeId(), why);
            record(failed.instance(), why);
        } else if (event instanceof ServiceEvent.Ready) {
            timeline.add(entry("readiness", null, "ready: every needed service is available"));
        } else if (event instanceof ServiceEvent.NotReady notReady) {
            timeline.add(entry("readiness", null, "not ready: no available instance of "
                    + String.join(", ", notReady.missing().stream().sorted().toList())));
        }
        changed(); // InstanceUpdated too: the services show the new info
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private void record(String kind, Node node, String text) {
        timeline.add(entry(kind, node.id(), text));
    }

    private void record(ServiceInstance instance, String what) {
        timeline.add(entry("service", instance.nodeId(),
                instance.name() + " on " + instance.hostName() + " (" + instance.address() + ") " + what));
    }

    private ClusterSnapshot.Entry entry(String kind, @Nullable String nodeId, String text) {
        return new ClusterSnapshot.Entry(discovery.self().lastSeen().toEpochMilli(), kind, nodeId, text);
    }

    /** A node named by id: labelled when it is this node or in the table, else the id itself. */
    private String who(String nodeId) {
        return discovery.id().equals(nodeId) ? "this node" : discovery.node(nodeId).map(this::label).orElse(nodeId);
    }

    private String label(Node node) {
        if (node.id().equals(discovery.id())) {
            return "this node";
        }
        String service = serviceName(node);
        return (service == null ? "" : service + " on ") + node.hostName() + " (" + node.address() + ")";
    }

    private String unavailableBecause(Node node) {
        if (Boolean.FALSE.equals(node.advertisementMap().get("ready"))) {
            return "not ready (advertises ready: false)";
        }
        return setupFailures.getOrDefault(node.id(), "being set up");
    }

    private static ClusterSnapshot.NodeRow row(Node node, String address, DiscoveryOptions options, boolean self) {
        return new ClusterSnapshot.NodeRow(node.id(), node.hostName(), address, node.port(), node.master(),
                node.masterEligible(), node.weight(), serviceName(node), node.advertisement(),
                node.lastSeen().toEpochMilli(), timeout(node, options).toMillis(), self);
    }

    private static Duration timeout(Node node, DiscoveryOptions options) {
        return node.master() ? options.masterTimeout() : options.nodeTimeout();
    }

    /** The advertised service name, as {@link ServiceDiscovery} reads it. */
    private static @Nullable String serviceName(Node node) {
        return node.advertisementMap().get("name") instanceof String name && !name.isBlank() ? name : null;
    }

    /** A hook's failure as the application threw it, not wrapped by the future that carried it. */
    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static ClusterSnapshot.Packets packets(DiscoveryStats stats) {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.name().toLowerCase(Locale.ROOT), stats.dropped().getOrDefault(reason, 0L));
        }
        return new ClusterSnapshot.Packets(stats.received(), stats.sent(), stats.sendFailures(), dropped);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Collects one service's instances while a snapshot is built. */
    private static final class ServiceBuilder {
        final String name;
        boolean needed;
        final List<ClusterSnapshot.Instance> available = new ArrayList<>();
        final List<ClusterSnapshot.Instance> unavailable = new ArrayList<>();

        ServiceBuilder(String name) {
            this.name = name;
        }

        ClusterSnapshot.Service build() {
            return new ClusterSnapshot.Service(name, needed, available, unavailable);
        }
    }
}
