package dev.discovery.bench.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One jar, three roles chosen by {@code bench.role}: {@code callee} (answers {@code GET /work}), {@code caller} (steady
 * load through a {@code @LoadBalanced RestClient}, every request logged) and {@code eureka} (the Eureka server). Which
 * registry the caller and callees use is set by properties the driver passes: discovery, or the Eureka client.
 */
@SpringBootApplication
public class BenchApplication {

    public static void main(String[] args) {
        SpringApplication.run(BenchApplication.class, args);
    }
}
