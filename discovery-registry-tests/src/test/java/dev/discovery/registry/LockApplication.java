package dev.discovery.registry;

import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * An application on the registry backend whose lead comes from Spring Integration's {@link LockRegistryLeaderInitiator}
 * over a {@link JdbcLockRegistry} on PostgreSQL (membership from Spring Cloud's simple, configured DiscoveryClient).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({RegistryApplication.Lead.class, RegistryApplication.Ticker.class})
class LockApplication {

    /**
     * Locks live 2 s unless renewed, so that a dead leader's lock is free soon. Set on the registry: the repository's
     * own setting is deprecated in Spring Integration 7.0 and gone in 7.1.
     */
    static final Duration LOCK_TTL = Duration.ofSeconds(2);

    @Bean
    DefaultLockRepository lockRepository(DataSource dataSource) {
        return new DefaultLockRepository(dataSource);
    }

    @Bean
    JdbcLockRegistry lockRegistry(DefaultLockRepository repository) {
        return new JdbcLockRegistry(repository, LOCK_TTL);
    }

    @Bean
    LockRegistryLeaderInitiator leaderInitiator(JdbcLockRegistry registry) {
        return new LockRegistryLeaderInitiator(registry, new DefaultCandidate(UUID.randomUUID().toString(), "leader"));
    }
}
