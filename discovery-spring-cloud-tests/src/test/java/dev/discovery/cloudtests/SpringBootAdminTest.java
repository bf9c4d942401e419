package dev.discovery.cloudtests;

import static dev.discovery.cloudtests.Apps.httpPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.codecentric.boot.admin.server.domain.entities.Instance;
import de.codecentric.boot.admin.server.services.InstanceRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot Admin server lists every instance of a small cluster, found through our DiscoveryClient, with no Admin
 * client in the instances: it reads their health through the management metadata they advertise (one of them on a
 * management port of its own), and drops an instance that stops.
 */
@Tag("slow")
class SpringBootAdminTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Apps apps = new Apps();

    @AfterEach
    void close() {
        apps.close();
    }

    @Test
    void adminListsEveryInstanceFoundByDiscovery() {
        ConfigurableApplicationContext admin = apps.start(AdminApplication.class, WebApplicationType.SERVLET,
                "spring.application.name=admin",
                "discovery.registration.enabled=false", // it watches, it is not watched
                "spring.thymeleaf.check-template-location=false");
        ConfigurableApplicationContext one = apps.callee();
        ConfigurableApplicationContext two = apps.callee();
        ConfigurableApplicationContext three = apps.callee("management.server.port=0",
                "management.server.address=127.0.0.1");
        InstanceRegistry registry = admin.getBean(InstanceRegistry.class);

        // UP means Admin reached each instance's health endpoint at the URL built from the advertised metadata.
        await().atMost(PATIENCE).until(() -> registered(registry).stream().filter(i -> i.getStatusInfo().isUp())
                .count() == 3);
        int managementPort = three.getEnvironment().getProperty("local.management.port", Integer.class);
        assertThat(registered(registry)).extracting(i -> i.getRegistration().getName()).containsOnly("callee");
        assertThat(healthUrls(registry)).containsExactlyInAnyOrder(
                "http://127.0.0.1:" + httpPort(one) + "/actuator/health",
                "http://127.0.0.1:" + httpPort(two) + "/actuator/health",
                "http://127.0.0.1:" + managementPort + "/actuator/health");

        String gone = "http://127.0.0.1:" + httpPort(two) + "/actuator/health";
        two.close();
        await().atMost(PATIENCE).until(() -> !healthUrls(registry).contains(gone));
        assertThat(healthUrls(registry)).hasSize(2);
    }

    private static List<String> healthUrls(InstanceRegistry registry) {
        return registered(registry).stream().map(i -> i.getRegistration().getHealthUrl()).toList();
    }

    private static List<Instance> registered(InstanceRegistry registry) {
        List<Instance> all = registry.getInstances().collectList().block(Duration.ofSeconds(10));
        return all == null ? List.of() : all.stream().filter(Instance::isRegistered).toList();
    }
}
