package dev.discovery.internal.engine;

import dev.discovery.Discovery;
import dev.discovery.spi.Scheduler;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says that datagrams fail to decrypt, which is all two nodes with different keys (or one with a key and one
 * without) see of each other: otherwise both run alone, each its own master, and only a counter shows why. A peer
 * with the wrong key fails on every hello, so this logs at most one line per interval on the node's clock, naming the
 * latest sender and how many failures it left out.
 */
final class DecryptFailureLog {

    static final long INTERVAL_MILLIS = 60_000;

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final Scheduler scheduler;
    private boolean logged; // guarded by this
    private long loggedAt;
    private long leftOut;

    DecryptFailureLog(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    synchronized void failed(InetSocketAddress source, String detail) {
        long now = scheduler.millis();
        if (logged && now - loggedAt < INTERVAL_MILLIS) {
            leftOut++;
            return;
        }
        log.warn("Datagrams from {} fail to decrypt ({}): a node with a different key, or without one? Nodes hear "
                + "each other only when they share a key (option keys, property discovery.keys).{}",
                source, detail, leftOut == 0 ? "" : " " + leftOut + " more failed since the last report.");
        logged = true;
        loggedAt = now;
        leftOut = 0;
    }
}
