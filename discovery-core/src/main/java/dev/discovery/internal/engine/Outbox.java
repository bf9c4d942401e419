package dev.discovery.internal.engine;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.internal.logging.RateLimitedLog;
import dev.discovery.internal.wire.WireCodec;
import dev.discovery.spi.Scheduler;
import dev.discovery.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Datagrams decided under the engine's lock and sent after it is released. Under the lock the engine only queues a
 * datagram's JSON text and its destinations; whichever thread then leaves the lock drains the queue: it seals the
 * text (encrypting it when a key is set) and hands it to the transport. One thread drains at a time and takes the
 * queue in order, so a node's datagrams leave in the order they were decided, and the framing's state (the cipher,
 * the sequence numbers of authenticated datagrams) is only ever used by one thread.
 */
final class Outbox {


    private record Outgoing(byte[] json, List<InetSocketAddress> destinations) {
    }

    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final Object draining = new Object();
    private final Transport transport;
    private final WireCodec codec;
    private final Scheduler scheduler;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** A destination that fails fails on every hello: one line per interval, with a count. */
    private final RateLimitedLog failureLog;
    private final Consumer<Throwable> fatal;

    /**
     * @param fatal told of an {@code Error} while sealing or sending (out of memory, most likely), or of a sealed
     *              datagram too long to send: the node cannot be trusted to speak any more (a master whose hellos
     *              cannot leave would stay master, silent, while its peers elect another), and fails rather than go on
     *              silently mute
     */
    Outbox(Transport transport, WireCodec codec, Scheduler scheduler, Consumer<Throwable> fatal) {
        this.fatal = fatal;
        this.transport = transport;
        this.codec = codec;
        this.scheduler = scheduler;
        this.failureLog = new RateLimitedLog(LoggerFactory.getLogger(Discovery.class), RateLimitedLog.DEFAULT_INTERVAL,
                scheduler::millis);
    }

    /** Queues a datagram; called under the engine's lock, so the queue's order is the order of decisions. */
    void add(byte[] json, List<InetSocketAddress> destinations) {
        queue.add(new Outgoing(json, destinations));
    }

    /**
     * Sends everything queued; called without the engine's lock. When another thread is draining, waits for it, so
     * that on return every datagram queued before the call has been handed to the transport (stop() relies on it: its
     * goodbye leaves before the socket closes).
     */
    void drain() {
        if (queue.isEmpty()) {
            return;
        }
        synchronized (draining) {
            Outgoing next;
            while ((next = queue.poll()) != null) {
                try {
                    transmit(next);
                } catch (Error e) {
                    fatal.accept(e);
                }
            }
        }
    }

    private void transmit(Outgoing outgoing) {
        byte[] datagram;
        try {
            datagram = codec.seal(outgoing.json(), scheduler.instant().toEpochMilli());
        } catch (RuntimeException e) {
            failures.addAndGet(outgoing.destinations().size());
            failureLog.warn("seal", "Discovery could not seal a datagram: {}", e.toString());
            return;
        }
        if (datagram.length > DiscoveryOptions.MAX_DATAGRAM_BYTES) { // the size checks at the call missed a case
            failures.addAndGet(outgoing.destinations().size());
            fatal.accept(new IllegalStateException("a sealed datagram of " + datagram.length + " bytes is longer than "
                    + DiscoveryOptions.MAX_DATAGRAM_BYTES + ", the most one datagram holds"));
            return;
        }
        for (InetSocketAddress destination : outgoing.destinations()) {
            try {
                transport.send(datagram, destination);
                sent.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // One unreachable peer must not cut off the others.
                failures.incrementAndGet();
                failureLog.warn("send " + destination, "Discovery could not send a datagram to {}: {}", destination,
                        e.toString());
            }
        }
    }

    long sent() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }
}
