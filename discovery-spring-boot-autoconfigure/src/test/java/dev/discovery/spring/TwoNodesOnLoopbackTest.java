package dev.discovery.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.Discovery;
import dev.discovery.Node;
import dev.discovery.RemovalReason;
import dev.discovery.ServiceHandle;
import dev.discovery.ServiceInstance;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.channel.ChannelSender;
import dev.discovery.spring.event.ChannelMessageEvent;
import dev.discovery.spring.event.DiscoveryApplicationEvent;
import dev.discovery.spring.event.MasterChangedEvent;
import dev.discovery.spring.event.NodeAddedEvent;
import dev.discovery.spring.event.NodeRemovedEvent;
import dev.discovery.spring.event.PromotedEvent;
import dev.discovery.spring.event.ServiceInstanceAddedEvent;
import dev.discovery.spring.event.ServiceInstanceRemovedEvent;
import dev.discovery.spring.event.ServiceNotReadyEvent;
import dev.discovery.spring.event.ServiceReadyEvent;
import dev.discovery.spring.needs.NeedsService;
import dev.discovery.spring.needs.ServiceSetup;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Two application contexts in one JVM, on one loopback port: they find each other, publish the events in order, and a
 * channel message sent by one reaches the {@link ChannelListener} method of the other.
 */
class TwoNodesOnLoopbackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
            .withUserConfiguration(Application.class, NeedingBean.class)
            .withPropertyValues(Loopback.properties(port));

    @Test
    void contextsDiscoverEachOtherAndTalkOnAChannel() {
        runner.withPropertyValues("discovery.service.name=alpha", "discovery.weight=2", "needed=beta").run(alpha -> {
            Recorder alphaSeen = alpha.getBean(Recorder.class);
            Discovery alphaNode = alpha.getBean(Discovery.class);
            runner.withPropertyValues("discovery.service.name=beta", "discovery.weight=1", "needed=alpha").run(beta -> {
                Discovery betaNode = beta.getBean(Discovery.class);
                Recorder betaSeen = beta.getBean(Recorder.class);

                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(alphaSeen.indexOf(ServiceReadyEvent.class, e -> true)).isNotNegative();
                    assertThat(betaSeen.indexOf(MasterChangedEvent.class,
                            e -> e.isMaster() && e.getNode().id().equals(alphaNode.id()))).isNotNegative();
                    // beta may hear alpha's promotion before alpha's own event thread has told alpha's listeners
                    // of it and of the master change that follows it.
                    int promoted = alphaSeen.indexOf(PromotedEvent.class, e -> true);
                    assertThat(promoted).isNotNegative();
                    assertThat(alphaSeen.events).hasSizeGreaterThan(promoted + 1);
                });
               
                // alpha meets beta's node, then its service instance, then has everything it needs.
                int nodeAdded = alphaSeen.indexOf(NodeAddedEvent.class, e -> e.getNode().id().equals(betaNode.id()));
                int instanceAdded = alphaSeen.indexOf(ServiceInstanceAddedEvent.class,
                        e -> e.getInstance().name().equals("beta"));
                int ready = alphaSeen.indexOf(ServiceReadyEvent.class, e -> e.getServices().containsKey("beta"));
                assertThat(nodeAdded).isNotNegative().isLessThan(instanceAdded);
                assertThat(instanceAdded).isLessThan(ready);
                // alpha, the heavier, is master: every promotion is followed by the master change it makes.
                assertThat(alphaNode.isMaster()).isTrue();
                int promoted = alphaSeen.indexOf(PromotedEvent.class, e -> true);
                assertThat(alphaSeen.events.get(promoted + 1)).isInstanceOfSatisfying(MasterChangedEvent.class,
                        e -> assertThat(e.getNode().id()).isEqualTo(alphaNode.id()));

                // @NeedsService: the field and the constructor share one live handle, already set up.
                NeedingBean needing = alpha.getBean(NeedingBean.class);
                assertThat(needing.viaField).isSameAs(needing.viaConstructor);
                assertThat(needing.viaField.choose()).map(ServiceInstance::nodeId).contains(betaNode.id());
                assertThat(needing.viaField.whenAvailable()).isCompleted();
                assertThat(alpha.getBean(SetupCounter.class).setUp).extracting(ServiceInstance::nodeId)
                        .containsExactly(betaNode.id());

                // A channel message from beta reaches alpha's @ChannelListener method, payload converted.
               
                ChannelSender sender = beta.getBean(ChannelSender.class);
                GreetingListener greetings = alpha.getBean(GreetingListener.class);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(sender.send("greetings", new Greeting("hello from beta", 1))).isTrue();
                    assertThat(greetings.received).isNotEmpty();
                });
                assertThat(greetings.received.get(0)).isEqualTo(new Greeting("hello from beta", 1));
                assertThat(greetings.senders.get(0)).isEqualTo(betaNode.id());
                assertThat(alphaSeen.indexOf(ChannelMessageEvent.class,
                        e -> e.getPayload(Greeting.class).text().equals("hello from beta"))).isNotNegative();
            });

           
            // beta's context closed: its goodbye removes it at once, and alpha no longer has what it needs.
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(alphaSeen.indexOf(ServiceNotReadyEvent.class, e -> e.getMissing().contains("beta")))
                            .isNotNegative());
           
            int removed = alphaSeen.indexOf(NodeRemovedEvent.class, e -> e.getReason() == RemovalReason.LEFT);
            int instanceRemoved = alphaSeen.indexOf(ServiceInstanceRemovedEvent.class,
                    e -> e.getInstance().name().equals("beta"));
            int notReady = alphaSeen.indexOf(ServiceNotReadyEvent.class, e -> true);
            assertThat(removed).isNotNegative().isLessThan(instanceRemoved);
            assertThat(instanceRemoved).isLessThan(notReady);
        });
    }

    record Greeting(String text, int number) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Application {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        GreetingListener greetingListener() {
            return new GreetingListener();
        }

        @Bean
        SetupCounter setupCounter() {
            return new SetupCounter();
        }
    }

    /** Every discovery event of one context, in the order it was published. */
    static class Recorder {

        final List<DiscoveryApplicationEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(DiscoveryApplicationEvent event) {
            events.add(event);
        }

        <E> int indexOf(Class<E> type, Predicate<E> matching) {
            for (int i = 0; i < events.size(); i++) {
                if (type.isInstance(events.get(i)) && matching.test(type.cast(events.get(i)))) {
                    return i;
                }
            }
            return -1;
        }
    }

    static class GreetingListener {

        final List<Greeting> received = new CopyOnWriteArrayList<>();
        final List<String> senders = new CopyOnWriteArrayList<>();

        @ChannelListener("greetings")
        void onGreeting(Node sender, Greeting greeting) {
            senders.add(sender.id());
            received.add(greeting);
        }
    }

    static class SetupCounter {

        final List<ServiceInstance> setUp = new CopyOnWriteArrayList<>();

        @ServiceSetup("${needed}")
        void prepare(ServiceInstance instance) {
            setUp.add(instance);
        }
    }

    static class NeedingBean {

        final ServiceHandle viaConstructor;

        @NeedsService("${needed}")
        ServiceHandle viaField;

        NeedingBean(@NeedsService("${needed}") ServiceHandle viaConstructor) {
            this.viaConstructor = viaConstructor;
        }
    }
}
