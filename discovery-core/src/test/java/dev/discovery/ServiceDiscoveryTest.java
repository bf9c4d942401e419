package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ServiceDiscovery on the in-memory network with a virtual clock. */
class ServiceDiscoveryTest {

    private final SimCluster cluster = new SimCluster(100);

    private final class Svc {
        final SimNode node;
        final ServiceDiscovery services;
        final List<ServiceEvent> events = new CopyOnWriteArrayList<>();

        Svc(int n, Map<String, Object> advertisement) {
            node = cluster.add(n);
            services = new ServiceDiscovery(node.discovery, new ServiceOptions(Duration.ofSeconds(5),
                    Duration.ofSeconds(1), Duration.ofSeconds(8)));
            services.addListener(events::add);
            if (advertisement != null) {
                services.advertise(advertisement);
            }
        }

        List<String> kinds() {
            return events.stream().map(ServiceDiscoveryTest::describe).toList();
        }
    }

    private static String describe(ServiceEvent e) {
        if (e instanceof ServiceEvent.InstanceAdded a) {
            return "added " + a.instance().name();
        } else if (e instanceof ServiceEvent.InstanceUpdated u) {
            return "updated " + u.instance().name();
        } else if (e instanceof ServiceEvent.InstanceRemoved r) {
            return "removed " + r.instance().name();
        } else if (e instanceof ServiceEvent.Ready r) {
            return "ready " + r.services().keySet();
        } else if (e instanceof ServiceEvent.NotReady n) {
            return "notready " + n.missing();
        } else if (e instanceof ServiceEvent.SetupFailed f) {
            return "setupfailed " + f.instance().name() + " #" + f.attempt() + " retry " + f.retryIn().toSeconds() + "s";
        }
        return e.toString();
    }

    /** A hook that succeeds after {@code millis} of virtual time, counting its runs. */
    private SetupHook slowHook(long millis, AtomicInteger runs) {
        return instance -> {
            runs.incrementAndGet();
            CompletableFuture<Void> done = new CompletableFuture<>();
            cluster.scheduler.schedule(millis, () -> done.complete(null));
            return done;
        };
    }

    private void run(long millis) {
        cluster.run(Duration.ofMillis(millis));
    }

    @Test
    void theSeedReadmeScenario() {
        Svc web = new Svc(1, Map.of("name", "web", "port", 8080));
        AtomicInteger mongoSetups = new AtomicInteger();
        web.services.need("redis", "mongo");
        web.services.setup("mongo", slowHook(50, mongoSetups));
        Svc redis = new Svc(2, Map.of("name", "redis", "port", 6379));
        Svc mongo = new Svc(3, Map.of("name", "mongo", "port", 27017));
        for (Svc s : List.of(web, redis, mongo)) {
            s.services.start();
        }
        run(1200);
        assertThat(web.kinds()).containsExactly("added redis", "added mongo", "ready [mongo, redis]");
        assertThat(mongoSetups).hasValue(1);
        assertThat(web.services.instances("redis")).singleElement().satisfies(i -> {
            assertThat(i.port()).hasValue(6379);
            assertThat(i.host()).isEqualTo(redis.node.address);
            assertThat(i.nodeId()).isEqualTo(redis.node.id);
        });

        redis.services.stop();
        run(10);
        assertThat(web.kinds()).endsWith("removed redis", "notready [redis]");
        assertThat(web.services.services()).containsOnlyKeys("mongo");
        assertThat(web.services.isReady()).isFalse();

        Svc redis2 = new Svc(4, Map.of("name", "redis", "port", 6380));
        redis2.services.start();
        run(10);
        assertThat(web.kinds()).endsWith("removed redis", "notready [redis]", "added redis", "ready [mongo, redis]");
        assertThat(web.services.instances("redis")).singleElement()
                .satisfies(i -> assertThat(i.port()).hasValue(6380));

        // A new mongo runs the setup again; the old one leaving then changes nothing for readiness.
        Svc mongo2 = new Svc(5, Map.of("name", "mongo", "port", 27018));
        mongo2.services.start();
        run(100);
        assertThat(mongoSetups).hasValue(2);
        mongo.services.stop();
        run(10);
        assertThat(web.kinds()).endsWith("added mongo", "removed mongo");
        assertThat(web.services.isReady()).isTrue();
    }

    @Test
    void readyFiresRightAfterStartWhenNothingIsNeeded() {
        Svc alone = new Svc(1, Map.of("name", "solo"));
        alone.services.start();
        run(1);
        assertThat(alone.kinds()).containsExactly("ready []");
        assertThat(alone.services.isReady()).isTrue();
    }

    @Test
    void aLateNeedKeepsTheStateConsistent() {
        Svc web = new Svc(1, Map.of("name", "web"));
        Svc cache = new Svc(2, Map.of("name", "cache"));
        web.services.start();
        cache.services.start();
        run(1200);
        assertThat(web.kinds()).containsExactly("ready []", "added cache");

        web.services.need("cache"); // already available: no new event
        run(10);
        assertThat(web.kinds()).containsExactly("ready []", "added cache");

        web.services.need("queue"); // unmet: ready -> notready
        run(10);
        assertThat(web.kinds()).endsWith("notready [queue]");
        assertThat(web.services.missing()).containsExactly("queue");

        Svc queue = new Svc(3, Map.of("name", "queue"));
        queue.services.start();
        run(10);
        assertThat(web.kinds()).endsWith("notready [queue]", "added queue", "ready [cache, queue]");
    }

    @Test
    void aFailingSetupIsReportedAndRetriedWithBackoffUntilItSucceeds() {
        Svc web = new Svc(1, Map.of("name", "web"));
        AtomicInteger calls = new AtomicInteger();
        web.services.setup("db", instance -> calls.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new IllegalStateException("db not reachable"))
                : CompletableFuture.completedFuture(null));
        Svc db = new Svc(2, Map.of("name", "db"));
        web.services.start();
        db.services.start();
        run(500); // the first try, as soon as db is heard
        assertThat(web.kinds()).containsExactly("setupfailed db #1 retry 1s");
        run(1000);
        assertThat(web.kinds()).containsExactly("setupfailed db #1 retry 1s", "setupfailed db #2 retry 2s");
        run(1000);
        assertThat(web.kinds()).hasSize(2); // still waiting out the doubled delay
        run(1000);
        assertThat(web.kinds()).containsExactly("setupfailed db #1 retry 1s", "setupfailed db #2 retry 2s",
                "added db", "ready [db]");
        assertThat(calls).hasValue(3);
        ServiceEvent.SetupFailed failure = (ServiceEvent.SetupFailed) web.events.get(0);
        assertThat(failure.cause()).hasMessage("db not reachable");
    }

    @Test
    void aSlowSetupTimesOutAndIsRetried() {
        Svc web = new Svc(1, Map.of("name", "web"));
        AtomicInteger calls = new AtomicInteger();
        web.services.setup("db", instance -> calls.incrementAndGet() == 1
                ? new CompletableFuture<>() // never completes
                : CompletableFuture.completedFuture(null));
        Svc db = new Svc(2, Map.of("name", "db"));
        web.services.start();
        db.services.start();
        run(1000 + 5000 + 10);
        assertThat(web.events).first().isInstanceOfSatisfying(ServiceEvent.SetupFailed.class,
                f -> assertThat(f.cause()).isInstanceOf(TimeoutException.class));
        run(1000);
        assertThat(web.kinds()).endsWith("added db", "ready [db]");
    }

    @Test
    void setupsRunOneInstanceAtATimePerNameAndOncePerInstance() {
        Svc web = new Svc(1, Map.of("name", "web"));
        List<String> log = new ArrayList<>();
        web.services.setup("db", instance -> {
            log.add("start " + instance.nodeId());
            CompletableFuture<Void> done = new CompletableFuture<>();
            cluster.scheduler.schedule(300, () -> {
                log.add("end " + instance.nodeId());
                done.complete(null);
            });
            return done;
        });
        Svc db1 = new Svc(2, Map.of("name", "db"));
        Svc db2 = new Svc(3, Map.of("name", "db"));
        web.services.start();
        db1.services.start();
        db2.services.start();
        run(5000);
        assertThat(log).containsExactly("start node-0002", "end node-0002", "start node-0003", "end node-0003");
        assertThat(web.services.instances("db")).hasSize(2);
    }

    @Test
    void aSiblingsSetupGoesOnWhenTheInstanceBeingSetUpStepsBack() {
        Svc web = new Svc(1, Map.of("name", "web"));
        AtomicInteger runs = new AtomicInteger();
        web.services.setup("db", slowHook(3000, runs));
        Svc db1 = new Svc(2, Map.of("name", "db"));
        Svc db2 = new Svc(3, Map.of("name", "db"));
        for (Svc s : List.of(web, db1, db2)) {
            s.services.start();
        }
        run(1500); // db1's setup is running, db2 waits behind it
        assertThat(runs).hasValue(1);
        db1.services.advertise(Map.of("name", "db", "ready", false));
        run(3100);
        assertThat(runs).hasValue(2);
        assertThat(web.services.instances("db")).extracting(ServiceInstance::nodeId).containsExactly(db2.node.id);
    }

    @Test
    void aSetupThatCompletesAfterStopIsIgnored() {
        Svc web = new Svc(1, Map.of("name", "web"));
        AtomicInteger runs = new AtomicInteger();
        web.services.setup("db", slowHook(2000, runs));
        Svc db = new Svc(2, Map.of("name", "db"));
        web.services.start();
        db.services.start();
        run(1500);
        web.services.stop();
        run(3000);
        web.services.start();
        run(1100); // db is heard again: a fresh setup, which the old completion must not have disturbed
        assertThat(runs).hasValue(2);
        run(2100);
        assertThat(web.services.instances("db")).hasSize(1);
        assertThat(web.kinds()).containsExactly("added db", "ready [db]");
    }

    @Test
    void aPendingSetupIsCancelledWhenTheInstanceLeaves() {
        Svc web = new Svc(1, Map.of("name", "web"));
        AtomicInteger runs = new AtomicInteger();
        web.services.setup("db", slowHook(3000, runs));
        Svc db = new Svc(2, Map.of("name", "db"));
        web.services.start();
        db.services.start();
        run(1500);
        assertThat(runs).hasValue(1);
        db.services.stop();
        run(5000);
        assertThat(web.kinds()).isEmpty();
        assertThat(web.services.services()).isEmpty();
    }

    @Test
    void anAdvertisementThatChangesReadinessAndNameIsFollowed() {
        Svc web = new Svc(1, Map.of("name", "web"));
        web.services.need("api");
        Svc api = new Svc(2, Map.of("name", "api", "ready", false));
        web.services.start();
        api.services.start();
        run(1200);
        assertThat(web.kinds()).isEmpty(); // known, but not ready yet
        assertThat(web.services.services()).isEmpty();

        api.services.advertise(Map.of("name", "api", "ready", true, "version", 1));
        run(5);
        assertThat(web.kinds()).containsExactly("added api", "ready [api]");

        api.services.advertise(Map.of("name", "api", "ready", true, "version", 2));
        run(5);
        assertThat(web.kinds()).endsWith("updated api");
        assertThat(web.services.instances("api").get(0).info()).containsEntry("version", 2);

        api.services.advertise(Map.of("name", "api", "ready", false));
        run(5);
        assertThat(web.kinds()).endsWith("removed api", "notready [api]");

        api.services.advertise(Map.of("name", "api"));
        run(5);
        assertThat(web.kinds()).endsWith("added api", "ready [api]");

        api.services.advertise(Map.of("name", "api-v2"));
        run(5);
        assertThat(web.kinds()).endsWith("removed api", "notready [api]", "added api-v2");
        assertThat(web.services.services()).containsOnlyKeys("api-v2");
    }

    @Test
    void twoInstancesOfOneName() {
        Svc web = new Svc(1, Map.of("name", "web"));
        web.services.need("db");
        Svc db1 = new Svc(2, Map.of("name", "db", "port", 1));
        Svc db2 = new Svc(3, Map.of("name", "db", "port", 2));
        for (Svc s : List.of(web, db1, db2)) {
            s.services.start();
        }
        run(1200);
        assertThat(web.services.instances("db")).hasSize(2);
        assertThat(web.kinds()).containsExactly("added db", "ready [db]", "added db");

        db1.services.stop();
        run(10);
        assertThat(web.services.instances("db")).singleElement().satisfies(i -> assertThat(i.port()).hasValue(2));
        assertThat(web.kinds()).containsExactly("added db", "ready [db]", "added db", "removed db");
    }

    @Test
    void anAdvertisementWithoutANameIsRefused() {
        Svc web = new Svc(1, null);
        assertThatThrownBy(() -> web.services.advertise(Map.of("port", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> web.services.advertise(Map.of("name", "")))
                .isInstanceOf(IllegalArgumentException.class);
        record Service(String name, int port) { }
        web.services.advertise(new Service("web", 80));
        assertThat(web.node.discovery.advertisement()).isEqualTo(Map.of("name", "web", "port", 80));
        assertThat(web.services.needs()).isEqualTo(Set.of());
    }

    @Test
    void coreEventsComeBeforeTheServiceEventsTheyCause() {
        Svc web = new Svc(1, Map.of("name", "web"));
        web.services.need("db");
        List<String> order = new CopyOnWriteArrayList<>();
        web.node.discovery.addListener(e -> order.add(e.getClass().getSimpleName()));
        web.services.addListener(e -> order.add(describe(e)));
        Svc db = new Svc(2, Map.of("name", "db"));
        web.services.start();
        db.services.start();
        run(1200);
        db.services.stop();
        run(10);
        assertThat(order).containsSubsequence("NodeAdded", "added db", "ready [db]", "NodeRemoved", "removed db",
                "notready [db]");
    }
}
