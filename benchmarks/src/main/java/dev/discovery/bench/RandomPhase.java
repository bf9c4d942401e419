package dev.discovery.bench;

import java.time.Duration;
import java.util.Random;

/**
 * A wait of random length within one hello interval before a node is stopped or killed, so that the moment falls at
 * every point of the hello cycle: a failure detector's delay depends on how long ago the last hello went out.
 */
final class RandomPhase {

    private final Random random;

    RandomPhase(long seed) {
        this.random = new Random(seed);
    }

    void sleepWithin(Duration interval) throws InterruptedException {
        Thread.sleep((long) (random.nextDouble() * interval.toMillis()));
    }
}
