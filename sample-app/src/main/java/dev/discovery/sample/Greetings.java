package dev.discovery.sample;

import dev.discovery.Node;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.channel.ChannelSender;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code greetings} channel: {@code POST /greetings?text=...} sends one to every copy, {@code GET /greetings}
 * shows the last ones this copy received.
 */
@RestController
class Greetings {

    private static final Logger log = LoggerFactory.getLogger(Greetings.class);
    private static final int KEPT = 20;

    record Greeting(String from, String text) {
    }

    private final ChannelSender sender;
    private final String self;
    private final Deque<Greeting> received = new ArrayDeque<>();

    Greetings(ChannelSender sender, @Value("${discovery.service.name}") String self) {
        this.sender = sender;
        this.self = self;
    }

    @PostMapping("/greetings")
    Greeting send(@RequestParam String text) {
        Greeting greeting = new Greeting(self, text);
        sender.send("greetings", greeting);
        return greeting;
    }

    @GetMapping("/greetings")
    synchronized List<Greeting> received() {
        return List.copyOf(received);
    }

    @ChannelListener("greetings")
    synchronized void onGreeting(Greeting greeting, Node sender) {
        log.info("Greeting from {} ({}): {}", greeting.from(), SampleNodes.describe(sender), greeting.text());
        received.addFirst(greeting);
        if (received.size() > KEPT) {
            received.removeLast();
        }
    }
}
