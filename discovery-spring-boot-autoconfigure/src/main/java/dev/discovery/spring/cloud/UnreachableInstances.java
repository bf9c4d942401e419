package dev.discovery.spring.cloud;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.DiscoveryListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;

/**
 * Instances this application's calls could not reach (a refused or reset connection), taken out of its load-balancer
 * lists at once while discovery checks them ({@link Discovery#reportUnreachable}). An exclusion ends when discovery
 * finds the instance answering ({@link DiscoveryEvent.SuspicionRefuted}), when the node leaves the table (then it is
 * out of the lists anyway), or after {@code nodeTimeout} at the latest: by then a node that sends no hellos is gone.
 */
final class UnreachableInstances implements DiscoveryListener, DisposableBean {

    private final Discovery discovery;
    private final long expiry;
    /** Excluded node ids, and until when (the scheduler's milliseconds). */
    private final Map<String, Long> excluded = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    UnreachableInstances(Discovery discovery) {
        this.discovery = discovery;
        this.expiry = discovery.options().nodeTimeout().toMillis();
        discovery.addListener(this);
    }

    /** Traffic to the node failed: out of the lists now, and checked by discovery. */
    void unreachable(String nodeId) {
        if (!discovery.isRunning()) {
            return; // no membership to check against, and no timer to end the exclusion
        }
        long until = discovery.scheduler().millis() + expiry;
        if (excluded.put(nodeId, until) == null) {
            changed();
            discovery.scheduler().schedule(expiry, () -> {
                if (excluded.remove(nodeId, until)) {
                    changed();
                }
            });
        }
        discovery.reportUnreachable(nodeId);
    }

    boolean isExcluded(String nodeId) {
        return excluded.containsKey(nodeId);
    }

    /** Runs {@code listener} after every change of the exclusions. */
    void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    void removeOnChange(Runnable listener) {
        changeListeners.remove(listener);
    }

    @Override
    public void onEvent(DiscoveryEvent event) {
        if (event instanceof DiscoveryEvent.SuspicionRefuted refuted) {
            end(refuted.node().id());
        } else if (event instanceof DiscoveryEvent.NodeRemoved removed) {
            end(removed.node().id());
        }
    }

    private void end(String nodeId) {
        if (excluded.remove(nodeId) != null) {
            changed();
        }
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    @Override
    public void destroy() {
        discovery.removeListener(this);
    }
}
