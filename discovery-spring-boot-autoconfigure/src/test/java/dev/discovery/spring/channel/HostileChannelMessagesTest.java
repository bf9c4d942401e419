package dev.discovery.spring.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.discovery.Discovery;
import dev.discovery.spring.Loopback;
import dev.discovery.spring.node.DiscoveryAutoConfiguration;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 11, item 4: a flood of channel messages whose payload does not convert to the listener's parameter type is
 * counted and logged once per interval, not an ERROR with stack traces per datagram.
 */
class HostileChannelMessagesTest {

    private final int port = Loopback.freePort();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DiscoveryAutoConfiguration.class))
            .withUserConfiguration(OrderDesk.class)
            .withPropertyValues(Loopback.properties(port));

    record Order(String item, int quantity) {
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderDesk {
        final AtomicInteger taken = new AtomicInteger();

        @ChannelListener("orders")
        void on(Order order) {
            taken.incrementAndGet();
        }
    }

    @Test
    void payloadsThatDoNotConvertAreCountedAndLoggedOncePerInterval() throws Exception {
        List<ILoggingEvent> logged = capture(UnconvertiblePayloads.class, ChannelListenerProcessor.class, Discovery.class);
        runner.run(context -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> context.getBean(Discovery.class).isRunning());
            int junk = 2_000;
            try (DatagramSocket attacker = new DatagramSocket()) {
                send(attacker, "{\"event\":\"orders\",\"iid\":\"x\",\"data\":{\"item\":\"tea\",\"quantity\":2}}");
                for (int i = 0; i < junk; i++) {
                    send(attacker, "{\"event\":\"orders\",\"iid\":\"x\",\"data\":{\"item\":\"tea\",\"quantity\":\"many "
                            + "x".repeat(2_000) + "\"}}");
                }
            }
            UnconvertiblePayloads unconvertible = context.getBean(UnconvertiblePayloads.class);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    unconvertible.count() + context.getBean(Discovery.class).stats().kernelDrops().orElse(0) >= junk);
            assertThat(context.getBean(OrderDesk.class).taken).hasValue(1);
            assertThat(unconvertible.count()).isPositive();
            assertThat(logged).filteredOn(e -> e.getLoggerName().equals(UnconvertiblePayloads.class.getName()))
                    .hasSizeBetween(1, 2)
                    .allSatisfy(e -> {
                        assertThat(e.getThrowableProxy()).isNull();
                        assertThat(e.getFormattedMessage()).contains("'orders'", Order.class.getName())
                                .hasSizeLessThan(1_000);
                    });
            assertThat(logged).filteredOn(e -> !e.getLoggerName().equals(UnconvertiblePayloads.class.getName()))
                    .isEmpty();
        });
    }

    private void send(DatagramSocket socket, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private static List<ILoggingEvent> capture(Class<?>... loggers) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        for (Class<?> logger : loggers) {
            ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
        }
        return appender.list;
    }
}
