package dev.discovery.bench.spring;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The caller: a {@code @LoadBalanced RestClient} to {@code http://callee} and the load that goes through it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bench.role", havingValue = "caller")
class CallerRole {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalanced() {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofSeconds(1));
        factory.setReadTimeout(Duration.ofSeconds(2));
        // The factory sees the URI after the load balancer chose the instance: that is where attempts are recorded.
        return RestClient.builder().requestFactory(new AttemptRecordingRequestFactory(factory));
    }

    /**
     * Every other {@code RestClient.Builder} user gets a plain one: the Eureka client takes the context's builder for
     * its calls to the server, and through the load balancer those would go to a "service" named 127.0.0.1.
     */
    @Bean
    @Primary
    RestClient.Builder plain() {
        return RestClient.builder();
    }

    @Bean(destroyMethod = "close")
    SteadyLoad steadyLoad(@LoadBalanced RestClient.Builder builder, @Value("${bench.rate:200}") int ratePerSecond,
            @Value("${bench.log}") Path log) throws IOException {
        return new SteadyLoad(builder.baseUrl("http://callee").build(), ratePerSecond, log);
    }
}
