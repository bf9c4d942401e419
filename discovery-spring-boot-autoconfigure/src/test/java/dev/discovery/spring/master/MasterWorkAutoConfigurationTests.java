package dev.discovery.spring.master;

import dev.discovery.spring.node.DiscoveryStartupFailureAnalyzer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.LeadEvent;
import dev.discovery.MasterWork;
import dev.discovery.Node;
import dev.discovery.Ownership;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.Loopback;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MasterWorkAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class, MasterWorkAutoConfiguration.class))
            .withPropertyValues(Loopback.properties(Loopback.freePort()));

    @Test
    void aLoneNodeLeadsAndOwnsTheKeysOfItsService() {
        runner.withPropertyValues("discovery.service.name=orders").run(context -> {
            assertThat(context).hasSingleBean(MasterWork.class).hasSingleBean(Ownership.class)
                    .hasSingleBean(IntegrationLeaderEvents.class);
            MasterWork work = context.getBean(MasterWork.class);
            Ownership ownership = context.getBean(Ownership.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> ownership.owns("anything"));
            assertThat(work.isLeader()).as("no master-only work: it does not lead").isFalse();
            work.offerToLead();
            await().atMost(Duration.ofSeconds(30)).until(work::isLeader);
            assertThat(ownership.owners()).extracting(Node::id).containsExactly(context.getBean(MasterWork.class)
                    .leader().orElseThrow().id());
            assertThat(ownership.owns("anything")).isTrue();
        });
    }

    @Test
    void backsOffFromTheApplicationsOwnership() {
        runner.withUserConfiguration(OwnOwnership.class).run(context -> assertThat(context)
                .hasSingleBean(Ownership.class).hasBean("everyNodeOwns"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnOwnership {
        @Bean
        Ownership everyNodeOwns(ServiceDiscovery services) {
            return new Ownership(services.discovery(), node -> true);
        }
    }

    @Test
    void withDiscoveryDisabledNoNodeLeadsSoMasterOnlyWorkNeverRuns() {
        runner.withPropertyValues("discovery.enabled=false").withBean(Counting.class).withBean(Plain.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(MasterWork.class)
                            .doesNotHaveBean(Ownership.class);
                    Counting counting = context.getBean(Counting.class);
                    counting.count();
                    assertThat(counting.calls()).isZero();
                    assertThat(context.getBean(Plain.class).isRunning()).isFalse();
                });
    }

    static class Counting {
        private int calls;

        @MasterOnly
        void count() {
            calls++;
        }

        int calls() {
            return calls;
        }
    }

    @Test
    void aMasterOnlyMethodThatReturnsAValueFailsStartupWithAFailureAnalysis() {
        runner.withBean(Reporting.class).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("@MasterOnly method Reporting.report() of bean")
                    .contains("returns String");
            assertThat(analysis.getAction()).startsWith("Make it void");
        });
    }

    @Test
    void aPrivateMasterOnlyMethodFailsStartupWithAFailureAnalysis() {
        runner.withBean(Hidden.class).run(context -> assertThat(analysis(context).getDescription())
                .contains("@MasterOnly method Hidden.cleanup()").contains("is private"));
    }

    @Test
    void aMasterOnlyClassThatIsNoLifecycleFailsStartupWithAFailureAnalysis() {
        runner.withBean(NotALifecycle.class).run(context -> assertThat(analysis(context).getDescription())
                .contains("is @MasterOnly but not a Lifecycle"));
    }

    @Test
    void aMasterOnlySmartLifecycleThatStartsItselfFailsStartupWithAFailureAnalysis() {
        runner.withBean(AutoStarting.class).run(context -> assertThat(analysis(context).getAction())
                .contains("Return false from isAutoStartup()"));
    }

    /** What Boot's startup report shows: our analyzer's box, not a raw "Application run failed" stack trace. */
    private static FailureAnalysis analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new DiscoveryStartupFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("a failure analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }

    @Test
    void aMasterOnlyLifecycleIsStartedByTheLeadNotBySpring() {
        runner.withBean(Plain.class).run(context -> {
            Plain plain = context.getBean(Plain.class);
            await().atMost(Duration.ofSeconds(30)).until(plain::isRunning);
            context.getBean(MasterWork.class).yieldLead(); // stands aside for takeoverTimeout (1.5 s here)
            await().atMost(Duration.ofSeconds(30)).until(() -> !plain.isRunning());
        });
    }

    @Test
    void aTermParameterReceivesTheLeadsTermAndLeadEventsArePublished() {
        runner.withBean(Fenced.class).withBean(LeadEvents.class).run(context -> {
            Fenced fenced = context.getBean(Fenced.class);
            MasterWork work = context.getBean(MasterWork.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                fenced.write(0); // the first call offers to lead; the proxy fills the term in
                return work.isLeader() && fenced.term() > 0;
            });
            assertThat(fenced.term()).isEqualTo(work.term());
            assertThat(context.getBean(LeadEvents.class).seen)
                    .contains(new LeadEvent.LeadTaken(context.getBean(dev.discovery.Discovery.class).id(), work.term()));
        });
    }

    @Test
    void aTermParameterThatIsNotALongFailsStartup() {
        runner.withBean(BadTerm.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("@MasterOnly.Term"));
    }

    /** Proxied: the field lives in the target, so it is read through a method. */
    static class Fenced {
        private volatile long term;

        @MasterOnly
        public void write(@MasterOnly.Term long term) {
            this.term = term;
        }

        public long term() {
            return term;
        }
    }

    static class BadTerm {
        @MasterOnly
        public void write(@MasterOnly.Term int term) {
        }
    }

    static class LeadEvents {
        final java.util.List<LeadEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @org.springframework.context.event.EventListener
        void on(LeadEvent event) {
            seen.add(event);
        }
    }

    static class Reporting {
        @MasterOnly
        public String report() {
            return "done";
        }
    }

    static class Hidden {
        @MasterOnly
        private void cleanup() {
        }
    }

    @MasterOnly
    static class NotALifecycle {
    }

    /** A SmartLifecycle that starts itself (the default): master-only work cannot, so startup fails. */
    @MasterOnly
    static class AutoStarting extends Plain implements SmartLifecycle {
    }

    @MasterOnly
    static class Plain implements Lifecycle {
        private volatile boolean running;

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
