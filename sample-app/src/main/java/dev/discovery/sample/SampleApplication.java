package dev.discovery.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A service that finds its partner service with discovery: it advertises itself ({@code discovery.service.*}), needs
 * its partner ({@code sample.partner}), logs when it becomes or stops being master, and passes greetings around on a
 * channel. Run several copies with different {@code server.port}, {@code discovery.service.name} and
 * {@code sample.partner}.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
