package dev.discovery.internal.engine;

import dev.discovery.Discovery;
import dev.discovery.DropReason;
import dev.discovery.internal.logging.RateLimitedLog;
import dev.discovery.spi.Scheduler;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs dropped datagrams, at most one line per reason per interval with a count, so that a flood is seen without
 * flooding the log. Bad data from the network is INFO (it is counted in the stats either way), a full table, an id
 * conflict or a datagram that fails to decrypt (a different key?) WARN, memory or stack running out ERROR. Our own packets and messages on channels not joined are normal.
 */
final class DropLog {

    private final RateLimitedLog log;

    DropLog(Scheduler scheduler) {
        this.log = new RateLimitedLog(LoggerFactory.getLogger(Discovery.class), RateLimitedLog.DEFAULT_INTERVAL,
                scheduler::millis);
    }

    void dropped(DropReason reason, InetSocketAddress source, String detail) {
        @Nullable Level level = switch (reason) {
            case OWN, NOT_JOINED -> null;
            case TABLE_FULL, ID_CONFLICT, DECRYPT_FAILED, OUT_OF_SCOPE -> Level.WARN;
            case RESOURCE_EXHAUSTED -> Level.ERROR;
            default -> Level.INFO;
        };
        if (level != null) {
            log.log(level, reason.name(), null, "Discovery dropped a datagram from {}: {}, {}", source, reason,
                    detail + advice(reason));
        }
    }

    private static String advice(DropReason reason) {
        return switch (reason) {
            case ID_CONFLICT -> ". Another node uses this id, or someone on the network forges it; without keys anyone"
                    + " can. Set keys (the same on every node) so that only key holders speak for a node";
            // All that two nodes with different keys (or one without) see of each other: otherwise both run alone,
            // each its own master, and only a counter shows why.
            case DECRYPT_FAILED -> ". A node with a different key, or without one? Nodes hear each other only when"
                    + " they share a key (option keys, property discovery.keys)";
            case OUT_OF_SCOPE -> ". Without a key anyone can name addresses; a node sends only to its own networks,"
                    + " its seeds' and those of the option allowedNetworks (property discovery.allowed-networks)";
            case RESOURCE_EXHAUSTED -> ". The heap is too small for what the network sends; the node goes on, and"
                    + " fails visibly if no datagram decodes for a whole nodeTimeout";
            default -> "";
        };
    }
}
