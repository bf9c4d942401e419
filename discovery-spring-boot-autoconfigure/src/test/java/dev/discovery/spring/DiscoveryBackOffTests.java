package dev.discovery.spring;

import dev.discovery.spring.node.DiscoveryStartupFailureAnalyzer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryEvent;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceHandle;
import dev.discovery.spring.TwoNodesOnLoopbackTest.NeedingBean;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.channel.ChannelSender;
import dev.discovery.spring.event.DiscoveryApplicationEvent;
import dev.discovery.spring.event.NodeAddedEvent;
import dev.discovery.spring.needs.NeedsReadiness;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import dev.discovery.spring.node.DiscoveryEventPublisher;
import dev.discovery.spring.node.DiscoveryLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/** Every bean of {@link DiscoveryAutoConfiguration} backs off from the application's, and the optional parts switch off. */
class DiscoveryBackOffTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
            .withPropertyValues(Loopback.properties(port));

    @Test
    void theApplicationsLifecyclePublisherReadinessAndSenderReplaceTheStarters() {
        runner.withUserConfiguration(OwnParts.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DiscoveryLifecycle.class).hasBean("ownLifecycle")
                    .hasSingleBean(DiscoveryEventPublisher.class).hasBean("ownEvents")
                    .hasSingleBean(NeedsReadiness.class).hasBean("ownReadiness")
                    .hasSingleBean(ChannelSender.class).hasBean("ownSender");
            assertThat(context.getBean(Discovery.class).isRunning()).as("own lifecycle does not start").isFalse();
        });
    }

    @Test
    void eventsCanBeSwitchedOffAndChannelListenersStillWork() {
        runner.withPropertyValues("discovery.events.enabled=false", "discovery.channels=audit")
                .withUserConfiguration(Recorder.class, GreetingListener.class).run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryEventPublisher.class);
                    Discovery discovery = context.getBean(Discovery.class);
                    assertThat(discovery.channels()).as("discovery.channels only feeds events").containsExactly("greetings");
                    // Listeners run in the order they were added: once this late one heard the promotion, a
                    // publisher registered at startup would have published it.
                    AtomicBoolean promoted = new AtomicBoolean();
                    discovery.addListener(event -> {
                        if (event instanceof DiscoveryEvent.Promoted) {
                            promoted.set(true);
                        }
                    });
                    await().atMost(PATIENCE).untilTrue(promoted);
                    assertThat(context.getBean(Recorder.class).events).isEmpty();
                });
    }

    @Test
    void readinessCanBeSwitchedOff() {
        runner.withPropertyValues("discovery.readiness.enabled=false", "discovery.needs=billing")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(NeedsReadiness.class)
                        .hasSingleBean(DiscoveryLifecycle.class));
    }

    @Test
    void withoutAutoStartupTheNodeWaitsForTheLifecycleAndStillStopsWithTheContext() {
        AtomicReference<Discovery> node = new AtomicReference<>();
        runner.withPropertyValues("discovery.auto-startup=false").run(context -> {
            node.set(context.getBean(Discovery.class));
            assertThat(node.get().isRunning()).isFalse();
            context.getBean(DiscoveryLifecycle.class).start();
            assertThat(node.get().isRunning()).isTrue();
        });
        assertThat(node.get().isRunning()).isFalse();
    }

    @Test
    void severalNodesAllRunAndPublishWhileWhatNeedsOneNodeBacksOff() {
        runner.withUserConfiguration(TwoOwnNodes.class, Recorder.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DiscoveryLifecycle.class)
                    .hasSingleBean(DiscoveryEventPublisher.class).doesNotHaveBean(ChannelSender.class)
                    .doesNotHaveBean(NeedsReadiness.class).doesNotHaveBean(Discovery.class);
            List<ServiceDiscovery> nodes = List.copyOf(context.getBeansOfType(ServiceDiscovery.class).values());
            assertThat(nodes).hasSize(2).allSatisfy(n -> assertThat(n.discovery().isRunning()).isTrue());
            // Each node hears the other, and both stories reach the application, each naming its node.
            Recorder recorder = context.getBean(Recorder.class);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(recorder.events)
                    .filteredOn(NodeAddedEvent.class::isInstance).extracting(DiscoveryApplicationEvent::getDiscovery)
                    .containsExactlyInAnyOrder(nodes.get(0).discovery(), nodes.get(1).discovery()));
        });
    }

    @Test
    void severalNodesWithAnnotationsFailNamingTheFixAndAPrimaryOneIsUsed() {
        runner.withUserConfiguration(TwoOwnNodes.class, GreetingListener.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("@ChannelListener");
            assertThat(new DiscoveryStartupFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
                    .isEqualTo("Mark one of them @Primary.");
        });
        runner.withUserConfiguration(FirstNodePrimary.class, GreetingListener.class, NeedingBean.class)
                .withPropertyValues("needed=billing").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ChannelSender.class)
                            .hasSingleBean(NeedsReadiness.class);
                    ServiceDiscovery primary = context.getBean("firstNode", ServiceDiscovery.class);
                    assertThat(primary.discovery().channels()).containsExactly("greetings");
                    assertThat(primary.needs()).containsExactly("billing");
                    assertThat(context.getBean("secondNode", ServiceDiscovery.class).needs()).isEmpty();
                });
    }

    @Test
    void needsServiceLeavesTheAutowireCandidateResolverToOthers() {
        runner.withUserConfiguration(AnotherLibrarysResolver.class, NeedingBean.class)
                .withPropertyValues("needed=billing").run(context -> {
                    assertThat(context).hasNotFailed();
                    DefaultListableBeanFactory factory = (DefaultListableBeanFactory) context.getBeanFactory();
                    assertThat(factory.getAutowireCandidateResolver()).isInstanceOf(OtherResolver.class);
                    NeedingBean needing = context.getBean(NeedingBean.class);
                    ServiceDiscovery services = context.getBean(ServiceDiscovery.class);
                    assertThat(needing.viaConstructor.name()).isEqualTo("billing");
                    assertThat(needing.viaConstructor).isSameAs(needing.viaField).isSameAs(services.service("billing"));
                    assertThat(services.needs()).containsExactly("billing");
                });
    }

    @Test
    void aServiceHandleWithoutNeedsServiceFailsNamingTheFix() {
        runner.withBean(UnnamedHandle.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new DiscoveryStartupFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("takes a ServiceHandle without @NeedsService");
            assertThat(analysis.getAction()).contains("@NeedsService(\"billing\") ServiceHandle billing");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnParts {

        @Bean
        DiscoveryLifecycle ownLifecycle(ServiceDiscovery services) {
            return new DiscoveryLifecycle(List.of(services), false);
        }

        @Bean
        DiscoveryEventPublisher ownEvents(ApplicationEventPublisher publisher, ServiceDiscovery services) {
            return new DiscoveryEventPublisher(publisher, List.of(services));
        }

        @Bean
        NeedsReadiness ownReadiness(ServiceDiscovery services, ApplicationEventPublisher publisher) {
            return new NeedsReadiness(services, publisher);
        }

        @Bean
        ChannelSender ownSender(Discovery discovery) {
            return new ChannelSender(discovery);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FirstNodePrimary extends TwoOwnNodes {

        @Bean
        @Primary
        @Override
        ServiceDiscovery firstNode(Environment environment) {
            return super.firstNode(environment);
        }
    }

    static class Recorder {

        final List<DiscoveryApplicationEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(DiscoveryApplicationEvent event) {
            events.add(event);
        }
    }

    static class GreetingListener {

        @ChannelListener("greetings")
        void onGreeting(String greeting) {
        }
    }

    static class UnnamedHandle {

        UnnamedHandle(ServiceHandle handle) {
        }
    }

    /** What another library may do: put a resolver of its own on the bean factory. */
    static class OtherResolver extends ContextAnnotationAutowireCandidateResolver {
    }

    @Configuration(proxyBeanMethods = false)
    static class AnotherLibrarysResolver {

        @Bean
        static BeanFactoryPostProcessor otherResolver() {
            return beanFactory -> ((DefaultListableBeanFactory) beanFactory)
                    .setAutowireCandidateResolver(new OtherResolver());
        }
    }
}
