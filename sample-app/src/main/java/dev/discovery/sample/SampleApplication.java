package dev.discovery.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A service that finds its partner service with discovery: it advertises itself ({@code discovery.service.*}), needs
 * its partner ({@code sample.partner}), logs when it becomes or stops being master, passes greetings around on a
 * channel, runs a report on the master only and spreads its tenants over the copies of its service. Run several
 * copies with different {@code server.port}, {@code discovery.service.name} and {@code sample.partner}.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
