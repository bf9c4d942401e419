package dev.discovery.registry;

import dev.discovery.MasterWork;
import dev.discovery.ServiceHandle;
import dev.discovery.spring.event.DemotedEvent;
import dev.discovery.spring.event.PromotedEvent;
import dev.discovery.spring.master.MasterOnly;
import dev.discovery.spring.needs.NeedsService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.integration.zookeeper.config.LeaderInitiatorFactoryBean;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application on the registry backend: registered in ZooKeeper by Spring Cloud ZooKeeper, a candidate of Spring
 * Integration's ZooKeeper leader election for role "leader", and, with {@code test.needs}, needing that service.
 * {@code GET /leader} tells whether its master-only work runs; {@code GET /tick} calls a {@link MasterOnly} method and
 * answers how often it ran here. Run in this JVM, or as a process of its own that a test can kill.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RegistryApplication.Lead.class, RegistryApplication.Ticker.class, RegistryApplication.Consumer.class})
public class RegistryApplication {

    public static void main(String[] args) {
        SpringApplication.run(RegistryApplication.class, args);
    }

    @Bean
    LeaderInitiatorFactoryBean leaderInitiator(CuratorFramework client) {
        return new LeaderInitiatorFactoryBean().setClient(client).setPath("/discovery-tests/leader").setRole("leader");
    }

    @RestController
    static class Lead {

        private final MasterWork work;
        private final Ticker ticker;
        final AtomicInteger promotions = new AtomicInteger();
        final AtomicInteger demotions = new AtomicInteger();

        Lead(MasterWork work, Ticker ticker) {
            this.work = work;
            this.ticker = ticker;
        }

        @GetMapping("/leader")
        boolean leader() {
            return work.isLeader();
        }

        @GetMapping("/tick")
        int tick() {
            ticker.tick();
            return ticker.runs();
        }

        @EventListener
        void on(PromotedEvent event) {
            promotions.incrementAndGet();
        }

        @EventListener
        void on(DemotedEvent event) {
            demotions.incrementAndGet();
        }
    }

    @Component
    public static class Ticker {

        private final AtomicInteger runs = new AtomicInteger();

        @MasterOnly
        public void tick() {
            runs.incrementAndGet();
        }

        /** Reached through the master-only proxy, which has no state of its own. */
        public int runs() {
            return runs.get();
        }
    }

    /** Needs the service named by {@code test.needs}: the application is not ready while it has no instance. */
    @Component
    @ConditionalOnProperty("test.needs")
    static class Consumer {

        final ServiceHandle needed;

        Consumer(@NeedsService("${test.needs}") ServiceHandle needed) {
            this.needed = needed;
        }
    }
}
