package dev.discovery.spring.actuate;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryStats;
import dev.discovery.DropReason;
import dev.discovery.spring.channel.UnconvertiblePayloads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Meters of the node, read from it whenever they are scraped. */
final class DiscoveryMeterBinder implements MeterBinder {

    /**
     * A scrape reads a dozen packet counters in a row, and each {@code stats()} reads the kernel's socket table (for
     * the kernel drops): one reading serves every counter of a scrape.
     */
    private static final long STATS_REUSED_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Discovery discovery;
    private final @Nullable UnconvertiblePayloads unconvertiblePayloads;
    private @Nullable DiscoveryStats stats; // guarded by this
    private long statsReadAt;

    DiscoveryMeterBinder(Discovery discovery, @Nullable UnconvertiblePayloads unconvertiblePayloads) {
        this.discovery = discovery;
        this.unconvertiblePayloads = unconvertiblePayloads;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("discovery.nodes", discovery, d -> d.nodes().size() + 1)
                .description("Nodes this node knows, itself included").register(registry);
        Gauge.builder("discovery.masters", discovery, d -> d.masters().size())
                .description("Masters this node knows, itself included when it is one").register(registry);
        FunctionCounter.builder("discovery.packets.received", discovery, d -> stats().received())
                .description("Datagrams received, including those dropped").register(registry);
        FunctionCounter.builder("discovery.packets.sent", discovery, d -> stats().sent())
                .description("Datagrams sent, one per destination").register(registry);
        FunctionCounter.builder("discovery.packets.send.failures", discovery, d -> stats().sendFailures())
                .description("Datagrams the socket refused to send").register(registry);
        FunctionCounter.builder("discovery.packets.kernel.dropped", discovery,
                        d -> kernelDrops(stats()))
                .description("Datagrams the operating system dropped for the node's socket, its receive buffer being "
                        + "full (Linux; NaN elsewhere)").register(registry);
        if (unconvertiblePayloads != null) {
            FunctionCounter.builder("discovery.channel.messages.unconvertible", unconvertiblePayloads,
                            UnconvertiblePayloads::count)
                    .description("Channel messages whose payload did not convert to a @ChannelListener's parameter "
                            + "type, dropped").register(registry);
        }
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("discovery.packets.dropped", discovery, d -> stats().dropped().get(reason))
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Datagrams dropped, by reason").register(registry);
        }
    }

    private synchronized DiscoveryStats stats() {
        long now = System.nanoTime();
        if (stats == null || now - statsReadAt > STATS_REUSED_NANOS) {
            stats = discovery.stats();
            statsReadAt = now;
        }
        return stats;
    }

    private static double kernelDrops(DiscoveryStats stats) {
        return stats.kernelDrops().isPresent() ? stats.kernelDrops().getAsLong() : Double.NaN;
    }
}
