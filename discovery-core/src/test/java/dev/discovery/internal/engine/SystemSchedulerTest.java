package dev.discovery.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real scheduler's promise: after stop() returns, none of its threads is alive. */
class SystemSchedulerTest {

    @Test
    void stopReturnsOnlyOnceItsThreadsHaveEnded() throws Exception {
        for (int round = 0; round < 300; round++) {
            String name = "sched-test-" + round;
            SystemScheduler scheduler = new SystemScheduler(name);
            scheduler.start();
            CountDownLatch ran = new CountDownLatch(2);
            scheduler.schedule(0, ran::countDown);
            scheduler.deliver(ran::countDown);
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
            scheduler.stop();
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .as("round %d", round)
                    .noneMatch(threadName -> threadName.endsWith(name));
        }
    }
}
