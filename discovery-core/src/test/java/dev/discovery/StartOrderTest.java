package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.spi.Scheduler;
import dev.discovery.spi.Transport;
import dev.discovery.testing.VirtualScheduler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * start() sends the first hello before anything that may start a thread: the transport's receive thread and the
 * first timer (which makes the timer thread) come after it. A new thread's start waits until the operating system has
 * run it once, which on a busy host put milliseconds, once 90 ms, between start() and the first hello.
 */
class StartOrderTest {

    private final List<String> steps = new CopyOnWriteArrayList<>();

    private final class RecordingSocket implements Transport {
        volatile Receiver receiver;

        @Override
        public void start(Receiver target) {
            receiver = target;
            steps.add("bind");
        }

        @Override
        public void startReceiving() {
            steps.add("receive");
        }

        @Override
        public void send(byte[] datagram, InetSocketAddress destination) {
            String text = new String(datagram, StandardCharsets.UTF_8);
            steps.add(text.contains("\"event\":\"hello\"") ? "hello" : text.contains("goodbye") ? "goodbye" : "other");
        }

        @Override
        public void stop() {
            steps.add("close");
        }
    }

    /** Virtual time, recording when a timer is first set. */
    private final class RecordingScheduler implements Scheduler {
        final VirtualScheduler time = new VirtualScheduler();

        @Override
        public long millis() {
            return time.millis();
        }

        @Override
        public Instant instant() {
            return time.instant();
        }

        @Override
        public Timer schedule(long delayMillis, Runnable task) {
            steps.add("timer");
            return time.schedule(delayMillis, task);
        }

        @Override
        public void deliver(Runnable event) {
            time.deliver(event);
        }
    }

    @Test
    void theFirstHelloLeavesBeforeTheReceiveThreadAndTheTimersStart() {
        RecordingSocket socket = new RecordingSocket();
        RecordingScheduler scheduler = new RecordingScheduler();
        Discovery node = new Discovery(DiscoveryOptions.builder().broadcast("127.255.255.255").build(), socket, scheduler);
        node.start();
        assertThat(steps).startsWith("bind", "hello", "receive", "timer");
        assertThat(steps.stream().filter("timer"::equals)).as("hello, check and settle timers, set once").hasSize(3);

        steps.clear();
        scheduler.time.runFor(Duration.ofMillis(2_500));
        assertThat(steps).as("the periodic hellos go on from the start").contains("hello");
        node.stop();
        assertThat(steps).contains("goodbye");
    }
}
