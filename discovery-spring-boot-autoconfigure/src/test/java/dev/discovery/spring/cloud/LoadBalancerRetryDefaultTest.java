package dev.discovery.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.http.HttpStatus;

/** The retry default, and which failures count as an unreachable instance. */
class LoadBalancerRetryDefaultTest {

    @Test
    void theReactiveRetryIsOnUnlessTheUserSaysOtherwise() {
        assertThat(retryEnabled(Map.of())).isEqualTo("true");
        assertThat(retryEnabled(Map.of(LoadBalancerRetryDefault.RETRY_ENABLED, "false"))).isEqualTo("false");
        assertThat(retryEnabled(Map.of("discovery.cloud.enabled", "false"))).isNull();
    }

    @Test
    void onlyFailuresToReachTheInstanceAreReported() {
        assertThat(FailedCallReporter.unreachable(new ResourceAccessException("I/O error",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(FailedCallReporter.unreachable(new SocketException("Connection reset"))).isTrue();
        assertThat(FailedCallReporter.unreachable(new IOException("HTTP/1.1 header parser received no bytes")))
                .isTrue();
        assertThat(FailedCallReporter.unreachable(new SocketTimeoutException("Read timed out"))).isFalse();
        assertThat(FailedCallReporter.unreachable(HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable", null, null, null))).isFalse();
    }

    private static String retryEnabled(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new LoadBalancerRetryDefault().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(LoadBalancerRetryDefault.RETRY_ENABLED);
    }
}
