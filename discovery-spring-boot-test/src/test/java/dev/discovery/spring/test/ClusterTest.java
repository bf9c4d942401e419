package dev.discovery.spring.test;

import static dev.discovery.spring.test.DiscoveryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;
import dev.discovery.RemovalReason;
import dev.discovery.spring.event.NodeRemovedEvent;
import dev.discovery.spring.event.PromotedEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Several application contexts on one in-memory network, in virtual time: start, stop, crash and partition them. */
class ClusterTest {

    private final TestDiscoveryNetwork network = TestDiscoveryNetwork.virtualTime();

    @AfterEach
    void close() {
        network.close();
    }

    private TestApplication start(String service) {
        TestApplication app = network.start(new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE), "--discovery.service.name=" + service);
        network.advance(Duration.ofMillis(100)); // the next one starts later, so it weighs less
        return app;
    }

    @Test
    void theOldestIsMasterAndACrashIsReplacedAtItsTimeout() {
        TestApplication a = start("orders");
        TestApplication b = start("orders");
        TestApplication c = start("billing");
        network.advance(Duration.ofSeconds(3));
        assertThat(a).isMaster().isReady().hasAvailable("billing").knows(b, c);
        assertThat(b).isNotMaster().isReady();
        assertThat(c).isNotMaster().hasAvailable("orders", 2);

        Duration crashedAt = network.elapsed();
        a.crash();
        assertThat(a.isRunning()).isFalse();
        assertThat(b).isNotMaster().knows(a); // silent, but not yet past its deadline
        network.awaitUntil(b.discovery()::isMaster, Duration.ofSeconds(10));
        // The master timeout after its last hello, which was less than a hello interval before the crash.
        Duration masterTimeout = a.discovery().options().masterTimeout();
        assertThat(network.elapsed().minus(crashedAt))
                .isBetween(masterTimeout.minus(a.discovery().options().helloInterval()), masterTimeout);
        assertThat(b).isMaster().knowsNodes(1);
        assertThat(b.events().ofType(NodeRemovedEvent.class)).singleElement()
                .satisfies(removed -> assertThat(removed.getReason()).isEqualTo(RemovalReason.TIMED_OUT));
        assertThat(b.events().ofType(PromotedEvent.class)).hasSize(1);
    }

    @Test
    void aStoppedApplicationIsDroppedAtOnce() {
        TestApplication orders = start("orders");
        TestApplication billing = start("billing");
        network.advance(Duration.ofSeconds(3));
        assertThat(orders).isReady();
        billing.stop();
        assertThat(orders).isNotReady().knowsNodes(0);
        assertThat(orders.events().ofType(NodeRemovedEvent.class)).singleElement()
                .satisfies(removed -> assertThat(removed.getReason()).isEqualTo(RemovalReason.LEFT));
        assertThat(network.applications()).containsExactly(orders);
    }

    @Test
    void aPartitionGivesTwoMastersUntilItHeals() {
        TestApplication a = start("orders");
        TestApplication b = start("orders");
        TestApplication c = start("orders");
        network.advance(Duration.ofSeconds(3));
        network.partition(List.of(a), List.of(b, c));
        network.advance(Duration.ofSeconds(5));
        assertThat(a).isMaster().knowsNodes(0);
        assertThat(b).isMaster().knows(c);
        assertThat(c).isNotMaster();
        network.heal();
        network.advance(Duration.ofSeconds(5));
        assertThat(a).isMaster().knows(b, c);
        assertThat(b).isNotMaster();
    }

    @Test
    void applicationsWithDifferentKeysDoNotSeeEachOther() {
        TestApplication a = network.start(new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE), "--discovery.service.name=orders", "--discovery.keys=one");
        TestApplication b = network.start(new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE), "--discovery.service.name=billing", "--discovery.keys=another");
        network.advance(Duration.ofSeconds(3));
        assertThat(a).isMaster().knowsNodes(0);
        assertThat(b).isMaster().knowsNodes(0);
        assertThat(network.fakePeer("billing")).isNotMaster(); // a fake peer speaks with the first one's key
        assertThat(a).isReady();
    }

    @Test
    void aNodeMadeWithoutTheFactoryStopsTheContextBeforeItOpensASocket() {
        new ApplicationContextRunner().withInitializer(new TestNetworkInitializer(network, false))
                .withUserConfiguration(OwnNode.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("not created by the DiscoveryFactory bean"));
        assertThatThrownBy(() -> network.addressOf(OwnNode.node)).isInstanceOf(IllegalArgumentException.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnNode {

        static Discovery node;

        @Bean
        Discovery ownDiscovery() {
            node = new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255").build());
            return node;
        }
    }
}
