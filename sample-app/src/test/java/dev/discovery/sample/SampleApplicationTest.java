package dev.discovery.sample;

import static dev.discovery.spring.test.DiscoveryAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.discovery.spring.test.FakePeer;
import dev.discovery.spring.test.TestDiscoveryNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * A plain {@code @SpringBootTest} of the sample: with discovery-spring-boot-test on the test class path its node is
 * on an in-memory network, and a fake billing instance stands in for the partner it needs.
 */
@SpringBootTest
class SampleApplicationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    TestDiscoveryNetwork network;

    @Autowired
    ApplicationAvailability availability;

    @Autowired
    Partner partner;

    @Test
    void readyOnlyWhileItsPartnerIsThere() {
        assertThatNodeOf(context).isNotReady();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(partner.partner().getStatusCode().value()).isEqualTo(503);

        FakePeer billing = network.fakePeer(Map.of("name", "billing", "port", 8081));
        assertThatNodeOf(context).isReady().hasAvailable("billing");
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(partner.partner().getBody()).satisfies(instance -> {
            assertThat(instance.host()).isEqualTo("127.0.0.1");
            assertThat(instance.port()).hasValue(8081);
        });

        billing.remove();
        assertThatNodeOf(context).isNotReady();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void aLoadBalancedCallReachesTheLocalStubOfAFakePeer() throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/hello", exchange -> {
            byte[] body = "{\"from\":\"stub\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        try {
            network.fakePeer(Map.of("name", "billing", "port", stub.getAddress().getPort()));
            assertThat(partner.hello()).containsEntry("from", "stub");
        } finally {
            stub.stop(0);
        }
    }
}
