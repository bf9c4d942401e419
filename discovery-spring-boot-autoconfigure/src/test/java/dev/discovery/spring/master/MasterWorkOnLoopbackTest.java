package dev.discovery.spring.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.MasterWork;
import dev.discovery.Ownership;
import dev.discovery.spring.Loopback;
import dev.discovery.spring.event.OwnershipChangedEvent;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Two application contexts on one loopback port, each with a {@code @Scheduled @MasterOnly} method, a master-only
 * lifecycle bean and {@code @OnMasterStart}/{@code @OnMasterStop} methods: only the leader runs them, the other counts
 * the skipped calls, and when the leader's context closes the other takes over. Both share keys by ownership.
 */
class MasterWorkOnLoopbackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> KEYS = IntStream.range(0, 100).mapToObj(i -> "tenant-" + i).toList();

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class, MasterWorkAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            .withPropertyValues(Loopback.properties(port))
            .withPropertyValues("discovery.service.name=reports");

    @Test
    void onlyTheLeaderRunsMasterOnlyWorkAndAnotherTakesOverWhenItStepsDownOrLeaves() {
        runner.withPropertyValues("discovery.weight=1").run(beta -> {
            Recorder betaSeen = beta.getBean(Recorder.class);
            MeterRegistry betaMeters = meters(beta);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(beta.getBean(MasterWork.class).isLeader()).isTrue();
                assertThat(betaSeen.changes).isNotEmpty(); // it owns every key
            });
            runner.withPropertyValues("discovery.weight=2").run(alpha -> {
                Recorder alphaSeen = alpha.getBean(Recorder.class);
                MeterRegistry alphaMeters = meters(alpha);
                // The heavier alpha joins without displacing beta, the sitting master.
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(betaSeen.runs).hasValueGreaterThan(3);
                    assertThat(skipped(alphaMeters)).isGreaterThan(3);
                    assertThat(beta.getBean(Ownership.class).owners()).hasSize(2);
                    assertThat(alpha.getBean(Ownership.class).owners()).hasSize(2);
                });
                assertThat(beta.getBean(MasterWork.class).isLeader()).isTrue();
                assertThat(alphaSeen.runs).hasValue(0);
                assertThat(alphaSeen.log).isEmpty();
                assertThat(betaSeen.log).containsExactly("lifecycle started", "methods started");
                assertThat(beta.getBean(Poller.class).isRunning()).isTrue();
                assertThat(alpha.getBean(Poller.class).isRunning()).isFalse();
                assertThat(betaMeters.get("discovery.leader").gauge().value()).isEqualTo(1);
                assertThat(alphaMeters.get("discovery.leader").gauge().value()).isZero();
                assertThat(betaMeters.get("discovery.master.only.calls").tag("result", "ran").functionCounter()
                        .count()).isGreaterThan(3);

                // Every key has exactly one owner, and beta was told what it lost when alpha joined.
                Ownership alphaKeys = alpha.getBean(Ownership.class);
                Ownership betaKeys = beta.getBean(Ownership.class);
                assertThat(KEYS).allSatisfy(key -> assertThat(alphaKeys.owns(key)).isNotEqualTo(betaKeys.owns(key)));
                assertThat(betaSeen.lostKeys()).isNotEmpty()
                        .allSatisfy(key -> assertThat(alphaKeys.owns(key)).isTrue());

                // beta steps down: its work stops in reverse order, and alpha, now outranking, takes over.
                beta.getBean(Discovery.class).demote(false);
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(alphaSeen.runs).hasValueGreaterThan(3));
                assertThat(betaSeen.log).containsExactly("lifecycle started", "methods started", "methods stopped",
                        "lifecycle stopped");
                assertThat(alphaSeen.log).containsExactly("lifecycle started", "methods started");
                betaSeen.log.clear();
            });
            // alpha's context closed, saying goodbye: beta takes over.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(betaSeen.log)
                    .containsExactly("lifecycle started", "methods started"));
            assertThat(beta.getBean(Poller.class).isRunning()).isTrue();
            assertThat(beta.getBean(Ownership.class).owned(KEYS)).isEqualTo(KEYS);
        });
    }

    @Test
    void aClosingLeaderStopsItsMasterWorkInReverseOrder() {
        List<String> log = new CopyOnWriteArrayList<>();
        runner.run(context -> {
            Recorder jobs = context.getBean(Recorder.class);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(jobs.runs).hasValueGreaterThan(0));
            jobs.log.clear();
            jobs.closing = log;
        });
        assertThat(log).containsExactly("methods stopped", "lifecycle stopped");
    }

    private static MeterRegistry meters(ApplicationContext context) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        context.getBeanProvider(MeterBinder.class).forEach(binder -> binder.bindTo(registry));
        return registry;
    }

    private static double skipped(MeterRegistry meters) {
        return meters.get("discovery.master.only.calls").tag("result", "skipped").functionCounter().count();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Application {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Jobs jobs(Recorder recorder) {
            return new Jobs(recorder);
        }

        @Bean
        Poller poller(Recorder recorder) {
            return new Poller(recorder);
        }
    }

    /** What the master work of one context did, and what ownership told it. */
    static class Recorder {

        final AtomicInteger runs = new AtomicInteger();
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<OwnershipChangedEvent> changes = new CopyOnWriteArrayList<>();
        volatile List<String> closing;

        @EventListener
        void ownershipChanged(OwnershipChangedEvent event) {
            changes.add(event);
        }

        List<String> lostKeys() {
            return KEYS.stream().filter(key -> changes.stream().anyMatch(e -> e.lost(key))).toList();
        }

        void record(String entry) {
            log.add(entry);
            List<String> copy = closing;
            if (copy != null) {
                copy.add(entry);
            }
        }
    }

    /** A master-only scheduled job, and methods called when the lead starts and stops (this bean is proxied). */
    static class Jobs {

        private final Recorder recorder;

        Jobs(Recorder recorder) {
            this.recorder = recorder;
        }

        @Scheduled(fixedDelay = 50)
        @MasterOnly
        void report() {
            recorder.runs.incrementAndGet();
        }

        @OnMasterStart
        void startMethods() {
            recorder.record("methods started");
        }

        @OnMasterStop
        void stopMethods() {
            recorder.record("methods stopped");
        }
    }

    /** A lifecycle only the leader runs; its phase, -1, puts it before the @OnMasterStart methods (order 0). */
    @MasterOnly
    static class Poller implements SmartLifecycle {

        private final Recorder recorder;
        private volatile boolean running;

        Poller(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void start() {
            running = true;
            recorder.record("lifecycle started");
        }

        @Override
        public void stop() {
            if (running) {
                running = false;
                recorder.record("lifecycle stopped");
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isAutoStartup() {
            return false;
        }

        @Override
        public int getPhase() {
            return -1;
        }
    }
}
