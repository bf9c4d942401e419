package dev.discovery.spring.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when the session ZooKeeper granted is long: a crashed instance stays registered, and a dead leader keeps the
 * lead, until its session expires. The timeout asked for is not the one that holds: a server caps it at 20 ticks
 * (40 s with a stock 2 s tick) and Spring Cloud ZooKeeper asks for 60 s, so the negotiated one is read once connected.
 */
final class ZooKeeperSessionCheck {

    /** Longer than this, crash detection is slow enough to say so. */
    static final Duration LONG = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperSessionCheck.class);

    private final AtomicBoolean checked = new AtomicBoolean();

    ZooKeeperSessionCheck(CuratorFramework client) {
        client.getConnectionStateListenable().addListener((curator, state) -> {
            if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
                check(curator);
            }
        });
        if (client.getZookeeperClient().isConnected()) {
            check(client);
        }
    }

    private void check(CuratorFramework client) {
        Duration negotiated;
        try {
            negotiated = Duration.ofMillis(client.getZookeeperClient().getZooKeeper().getSessionTimeout());
        } catch (Exception notConnectedAfterAll) {
            return; // the next connection event checks again
        }
        if (negotiated.isZero() || !checked.compareAndSet(false, true)) {
            return;
        }
        if (negotiated.compareTo(LONG) > 0) {
            log.warn("ZooKeeper granted a session timeout of {} s: a crashed instance stays registered, and a dead "
                    + "leader keeps the lead, for up to {} s. Set spring.cloud.zookeeper.session-timeout=4s and "
                    + "spring.cloud.zookeeper.connection-timeout=3s (Curator wants the connection timeout shorter); "
                    + "the server allows 2 to 20 ticks (tickTime).", negotiated.toSeconds(), negotiated.toSeconds());
        } else {
            log.info("ZooKeeper granted a session timeout of {} ms: crash detection within that", negotiated.toMillis());
        }
    }
}
