package dev.discovery.sample;

import dev.discovery.Node;
import dev.discovery.spring.channel.ChannelListener;
import dev.discovery.spring.channel.ChannelSender;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code greetings} channel: {@code POST /greetings?text=...} sends one to every copy, {@code GET /greetings}
 * shows the last ones this copy received. What a greeting says is logged shortened, at most one line a second: without
 * keys anyone on the network can send greetings, 64 KB each, and a flood of them must not flood the log.
 */
@RestController
class Greetings {

    private static final Logger log = LoggerFactory.getLogger(Greetings.class);
    private static final int KEPT = 20;
    /** The most of any received text that goes into a log line. */
    private static final int LOGGED_CHARS = 100;
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    record Greeting(String from, String text) {
    }

    private final ChannelSender sender;
    private final String self;
    private final Deque<Greeting> received = new ArrayDeque<>();
    private long lastLoggedAt = System.nanoTime() - QUIET_NANOS;
    private int notLogged;

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
        long now = System.nanoTime();
        if (now - lastLoggedAt < QUIET_NANOS) {
            notLogged++;
        } else {
            log.info("Greeting from {} ({}): {}{}", shortened(greeting.from()), shortened(SampleNodes.describe(sender)),
                    shortened(greeting.text()), notLogged == 0 ? "" : " (" + notLogged + " more since the last line)");
            lastLoggedAt = now;
            notLogged = 0;
        }
        received.addFirst(greeting);
        if (received.size() > KEPT) {
            received.removeLast();
        }
    }

    private static String shortened(String text) {
        return text == null || text.length() <= LOGGED_CHARS ? String.valueOf(text)
                : text.substring(0, LOGGED_CHARS) + "... (" + text.length() + " chars)";
    }
}
