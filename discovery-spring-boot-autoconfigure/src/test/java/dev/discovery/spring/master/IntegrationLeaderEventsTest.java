package dev.discovery.spring.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.spring.Loopback;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.support.SmartLifecycleRoleController;

/**
 * Spring Integration on the election: two contexts on one loopback port, each with a polling endpoint in role
 * {@code cluster} ({@code autoStartup(false)}); only the leader's endpoint polls, and when the leader's context closes
 * the other's starts.
 */
class IntegrationLeaderEventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class, MasterWorkAutoConfiguration.class))
            .withUserConfiguration(Flows.class)
            .withPropertyValues(Loopback.properties(port))
            .withPropertyValues("discovery.integration.role=cluster");

    @Test
    void onlyTheLeadersRoleControlledEndpointRuns() {
        runner.run(first -> {
            AtomicInteger firstTicks = first.getBean("ticks", AtomicInteger.class);
            LeaderEvents firstEvents = first.getBean(LeaderEvents.class);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstTicks).hasValueGreaterThan(3));
            assertThat(first.getBean(SmartLifecycleRoleController.class).allEndpointsRunning("cluster")).isTrue();
            assertThat(firstEvents.seen).containsExactly("OnGrantedEvent cluster leader=true");

            runner.run(second -> {
                AtomicInteger secondTicks = second.getBean("ticks", AtomicInteger.class);
                SmartLifecycleRoleController roles = second.getBean(SmartLifecycleRoleController.class);
                int before = firstTicks.get();
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(firstTicks).hasValueGreaterThan(before + 3));
                assertThat(roles.noEndpointsRunning("cluster")).isTrue();
                assertThat(secondTicks).hasValue(0);
                assertThat(second.getBean(LeaderEvents.class).seen).isEmpty();

                first.close(); // says goodbye: the second node is master at once
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(secondTicks).hasValueGreaterThan(3));
                assertThat(roles.allEndpointsRunning("cluster")).isTrue();
                assertThat(firstEvents.seen).containsExactly("OnGrantedEvent cluster leader=true",
                        "OnRevokedEvent cluster leader=false");
            });
        });
    }

    @Test
    void withoutSpringIntegrationTheRestStillWorks() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class,
                        MasterWorkAutoConfiguration.class))
                .withPropertyValues(Loopback.properties(port))
                .withClassLoader(new FilteredClassLoader("org.springframework.integration"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(dev.discovery.MasterWork.class)
                        .doesNotHaveBean(IntegrationLeaderEvents.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class Flows {

        @Bean
        AtomicInteger ticks() {
            return new AtomicInteger();
        }

        @Bean
        IntegrationFlow ticker(AtomicInteger ticks) {
            return IntegrationFlow.fromSupplier(() -> "tick",
                            endpoint -> endpoint.poller(Pollers.fixedDelay(Duration.ofMillis(50)))
                                    .role("cluster").autoStartup(false))
                    .handle(message -> ticks.incrementAndGet())
                    .get();
        }

        @Bean
        LeaderEvents leaderEvents() {
            return new LeaderEvents();
        }
    }

    /** Every leader event of one context, as "type role leader=isLeader()" at the time it arrived. */
    static class LeaderEvents {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AbstractLeaderEvent event) {
            seen.add(event.getClass().getSimpleName() + " " + event.getRole() + " leader="
                    + event.getContext().isLeader());
        }
    }
}
