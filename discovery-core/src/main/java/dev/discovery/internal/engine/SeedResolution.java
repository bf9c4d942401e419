package dev.discovery.internal.engine;

import dev.discovery.Discovery;
import dev.discovery.internal.net.Seed;
import dev.discovery.spi.NameResolver;
import dev.discovery.spi.Scheduler;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the seeds at start and then every {@code seedRefreshInterval}, on {@link Scheduler#offload} (never under the
 * engine's lock nor on its timer thread, since a DNS lookup may block for seconds), and hands every answer to the
 * engine. A name that does not resolve keeps its last addresses and is tried again at the next refresh; it is
 * reported when it first fails, then at most once a minute, and again when it resolves.
 */
final class SeedResolution {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    static final long REPORT_EVERY_MILLIS = 60_000;

    private record Failure(long since, int attempts, long reportedAt) {
    }

    private final List<Seed> seeds;
    private final NameResolver resolver;
    private final Scheduler scheduler;
    private final long interval;
    private final Consumer<List<InetSocketAddress>> answers;
    /** Guarded by this: lookups of an old run may still be finishing on another thread. */
    private final Map<String, List<InetSocketAddress>> lastAnswer = new HashMap<>();
    private final Map<String, Failure> failing = new HashMap<>();
    private volatile int run;

    SeedResolution(List<Seed> seeds, NameResolver resolver, Scheduler scheduler, long interval,
            Consumer<List<InetSocketAddress>> answers) {
        this.seeds = List.copyOf(seeds);
        this.resolver = resolver;
        this.scheduler = scheduler;
        this.interval = interval;
        this.answers = answers;
    }

    /** The seeds that are addresses already, for the first hello. */
    List<InetSocketAddress> literals() {
        List<InetSocketAddress> literals = new ArrayList<>();
        for (Seed seed : seeds) {
            if (seed instanceof Seed.Address address) {
                literals.add(address.address());
            }
        }
        return literals;
    }

    boolean hasNames() {
        return seeds.stream().anyMatch(seed -> !(seed instanceof Seed.Address));
    }

    /** Starts resolving now, and again every interval until {@link #stop}. */
    void start() {
        int current = ++run;
        if (hasNames()) {
            scheduler.schedule(0, () -> refresh(current));
        }
    }

    void stop() {
        run++;
    }

    private void refresh(int current) {
        if (current != run) {
            return;
        }
        scheduler.offload(() -> {
            if (current != run) {
                return;
            }
            List<InetSocketAddress> addresses = resolveAll();
            if (current == run) {
                answers.accept(addresses);
                scheduler.schedule(interval, () -> refresh(current));
            }
        });
    }

    synchronized List<InetSocketAddress> resolveAll() {
        Set<InetSocketAddress> all = new LinkedHashSet<>();
        for (Seed seed : seeds) {
            if (seed instanceof Seed.Address address) {
                all.add(address.address());
            } else {
                all.addAll(resolve(seed));
            }
        }
        return new ArrayList<>(all);
    }

    private List<InetSocketAddress> resolve(Seed seed) {
        try {
            List<InetSocketAddress> addresses = new ArrayList<>();
            if (seed instanceof Seed.Name name) {
                addAll(addresses, resolver.addresses(name.host()), name.port());
            } else if (seed instanceof Seed.Srv srv) {
                for (NameResolver.Service service : resolver.services(srv.name())) {
                    addAll(addresses, resolver.addresses(service.target()), service.port());
                }
            }
            if (addresses.isEmpty()) {
                throw new IOException("no usable address in the answer");
            }
            lastAnswer.put(seed.entry(), addresses);
            Failure failure = failing.remove(seed.entry());
            if (failure != null) {
                log.info("Seed '{}' resolves again, to {}, after {} failed attempts", seed.entry(), addresses,
                        failure.attempts());
            }
            return addresses;
        } catch (IOException | RuntimeException e) {
            long now = scheduler.millis();
            Failure before = failing.get(seed.entry());
            Failure failure = before == null ? new Failure(now, 1, now) : new Failure(before.since(), before.attempts() + 1,
                    before.reportedAt());
            List<InetSocketAddress> last = lastAnswer.getOrDefault(seed.entry(), List.of());
            if (before == null || now - before.reportedAt() >= REPORT_EVERY_MILLIS) {
                failure = new Failure(failure.since(), failure.attempts(), now);
                log.warn("Cannot resolve seed '{}' ({} attempt{} in {} s): {}. Trying again every {} ms{}", seed.entry(),
                        failure.attempts(), failure.attempts() == 1 ? "" : "s", (now - failure.since()) / 1000,
                        e.getMessage(), interval, last.isEmpty() ? "" : "; meanwhile using its last addresses " + last);
            }
            failing.put(seed.entry(), failure);
            return last;
        }
    }

    private static void addAll(List<InetSocketAddress> into, List<InetAddress> addresses, int port) {
        for (InetAddress address : oneFamily(addresses)) {
            if (!address.isMulticastAddress() && !address.isAnyLocalAddress()) {
                into.add(new InetSocketAddress(address, port));
            }
        }
    }

    /**
     * A host with A and AAAA records would be sent hellos twice, and see us, and be seen, at two addresses in turn: of
     * such an answer only the JVM's preferred family is used (IPv4 unless {@code java.net.preferIPv6Addresses}).
     */
    static List<InetAddress> oneFamily(List<InetAddress> addresses) {
        boolean ipv6 = Boolean.getBoolean("java.net.preferIPv6Addresses");
        List<InetAddress> preferred = addresses.stream().filter(a -> (a instanceof Inet6Address) == ipv6).toList();
        return preferred.isEmpty() ? addresses : preferred;
    }
}
