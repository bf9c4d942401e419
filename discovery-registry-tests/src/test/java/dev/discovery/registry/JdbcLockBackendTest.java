package dev.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.discovery.MasterWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The lead from Spring Integration's lock-registry leader initiator on a real PostgreSQL server: one of two
 * applications leads, the other takes over when it is closed, and when the database becomes unreachable the leader
 * stops its master-only work (it can no longer prove it holds the lock) until the database is back.
 */
@Tag("slow")
class JdbcLockBackendTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private PostgresServer postgres;

    @AfterEach
    void tearDown() throws Exception {
        contexts.forEach(ConfigurableApplicationContext::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void oneLeadsTheOtherTakesOverAndNoneLeadsWithoutTheDatabase() throws Exception {
        assertThat(PostgresServer.available()).as("This test starts Debian's PostgreSQL 15: install it with "
                + "'apt-get update && apt-get install -y postgresql-15' (.ci/run does it)").isTrue();
        postgres = new PostgresServer();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE INT_LOCK (LOCK_KEY CHAR(36) NOT NULL, REGION VARCHAR(100) NOT NULL, "
                    + "CLIENT_ID CHAR(36), CREATED_DATE TIMESTAMP NOT NULL, EXPIRED_AFTER TIMESTAMP NOT NULL, "
                    + "CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION))");
        }

        ConfigurableApplicationContext a = start("a");
        ConfigurableApplicationContext b = start("b");
        await().atMost(BOUND).until(() -> leads(a) ^ leads(b));
        ConfigurableApplicationContext leader = leads(a) ? a : b;
        ConfigurableApplicationContext other = leader == a ? b : a;
        assertThat(runsMasterOnlyWork(leader)).isTrue();
        assertThat(runsMasterOnlyWork(other)).isFalse();

        // The database becomes unreachable: the leader can no longer renew its lock and gives up the lead.
        long down = System.nanoTime();
        postgres.stopImmediately();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> !leads(leader) && !leads(other));
        System.out.printf("[registry] database down -> no instance leads: %d ms%n", millisSince(down));
        assertThat(runsMasterOnlyWork(leader)).isFalse();

        postgres.start();
        long up = System.nanoTime();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> leads(a) ^ leads(b));
        System.out.printf("[registry] database back -> one instance leads: %d ms%n", millisSince(up));

        ConfigurableApplicationContext master = leads(a) ? a : b;
        ConfigurableApplicationContext standby = master == a ? b : a;
        long closed = System.nanoTime();
        master.close();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> leads(standby));
        System.out.printf("[registry] lock-registry master closed -> other instance leads: %d ms%n",
                millisSince(closed));
        assertThat(standby.getBean(RegistryApplication.Lead.class).promotions.get()).isPositive();
    }

    private ConfigurableApplicationContext start(String name) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LockApplication.class)
                .web(WebApplicationType.NONE).properties(
                        "spring.application.name=" + name,
                        "spring.main.banner-mode=off",
                        "discovery.backend=registry",
                        "spring.cloud.zookeeper.enabled=false",
                        "spring.datasource.url=" + postgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.hikari.connection-timeout=1000",
                        "spring.datasource.hikari.validation-timeout=500")
                .run();
        contexts.add(context);
        return context;
    }

    private static boolean leads(ConfigurableApplicationContext context) {
        return context.isActive() && context.getBean(MasterWork.class).isLeader();
    }

    private static boolean runsMasterOnlyWork(ConfigurableApplicationContext context) {
        RegistryApplication.Ticker ticker = context.getBean(RegistryApplication.Ticker.class);
        int before = ticker.runs();
        ticker.tick();
        return ticker.runs() > before;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
