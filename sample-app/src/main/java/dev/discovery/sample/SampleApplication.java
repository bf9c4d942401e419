package dev.discovery.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.client.RestClient;

/**
 * A service that finds its partner service with discovery: it advertises itself ({@code discovery.service.*}), needs
 * its partner ({@code sample.partner}) and calls it by name through a {@code @LoadBalanced} RestClient, logs when it
 * becomes or stops being master, passes greetings around on a channel, runs a report on the master only and spreads
 * its tenants over the copies of its service. Run several copies with different {@code server.port},
 * {@code discovery.service.name} and {@code sample.partner}.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

    /** Clients built from it call {@code http://service-name/...}: Spring Cloud LoadBalancer picks the instance. */
    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder() {
        return RestClient.builder();
    }

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
