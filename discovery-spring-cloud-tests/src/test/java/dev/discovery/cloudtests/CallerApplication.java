package dev.discovery.cloudtests;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls the service "callee" by name, as an application would: load-balanced RestClient and WebClient builders, and a
 * load-balanced RestTemplate (whose root URI is left to each call).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OwnNettyResources.class)
class CallerApplication {

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder() {
        return RestClient.builder();
    }

    @Bean
    @LoadBalanced
    WebClient.Builder loadBalancedWebClientBuilder() {
        return WebClient.builder();
    }

    @Bean
    @LoadBalanced
    RestTemplate loadBalancedRestTemplate() {
        return new RestTemplate();
    }

    @Bean
    RestClient calleeRestClient(@LoadBalanced RestClient.Builder builder) {
        return builder.baseUrl("http://callee").build();
    }

    @Bean
    WebClient calleeWebClient(@LoadBalanced WebClient.Builder builder) {
        return builder.baseUrl("http://callee").build();
    }
}
