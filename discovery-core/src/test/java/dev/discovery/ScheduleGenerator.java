package dev.discovery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Draws a random fault schedule from a seed: rounds of chaos, each followed by calm and the invariant checks. */
final class ScheduleGenerator {

    private ScheduleGenerator() {
    }

    /**
     * An independent random stream for one purpose of one seed. java.util.Random seeded with neighbouring numbers
     * starts with nearly the same values (seeds 1 to 300 all drew 20–29 hosts), so seeds are mixed first.
     */
    static Random random(long seed, int stream) {
        return new Random(new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream).nextLong());
    }

    static SimConfig config(long seed, int maxHosts) {
        Random random = random(seed, 0);
        double skew = random.nextDouble();
        int hosts = 3 + (int) ((maxHosts - 3) * skew * skew); // mostly small clusters, now and then a big one
        // A stream of its own, so that the other draws of a seed stay what they were before runs with seeds existed.
        boolean seeds = random(seed, 4).nextInt(3) == 0;
        return new SimConfig(hosts, 1 + random.nextInt(3), 2 + random.nextInt(2), seeds);
    }

    /** The round boundaries: chaos starts, calm starts, checks happen; derived from the config and seed. */
    static List<SimAction> schedule(long seed, SimConfig config) {
        Random random = random(seed, 1);
        List<SimAction> actions = new ArrayList<>();
        Set<Integer> crashed = new HashSet<>();
        Set<Integer> left = new HashSet<>();
        long start = 0;
        for (int round = 0; round < config.rounds(); round++) {
            long chaos = 6_000 + random.nextInt(10_000);
            int count = 3 + random.nextInt(10);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                times.add(start + 500 + (long) (random.nextDouble() * (chaos - 1_000)));
            }
            times.sort(null);
            for (long at : times) {
                actions.add(draw(random, config, at, start + chaos, crashed, left));
            }
            long calm = start + chaos;
            actions.add(new SimAction.Calm(calm, random.nextInt(3) == 0));
            start = calm + SimConfig.TABLES_EXACT_AFTER + SimConfig.MASTERS_AGREED_AFTER + 1;
        }
        return actions;
    }

    /** The time the schedule ends: after the last round's checks. */
    static long end(List<SimAction> actions) {
        long lastCalm = actions.stream().filter(a -> a instanceof SimAction.Calm).mapToLong(SimAction::at).max().orElse(0);
        return lastCalm + SimConfig.TABLES_EXACT_AFTER + SimConfig.MASTERS_AGREED_AFTER + 1;
    }

    private static SimAction draw(Random random, SimConfig config, long at, long chaosEnd, Set<Integer> crashed,
                                  Set<Integer> left) {
        int host = 1 + random.nextInt(config.hosts());
        if (config.seeds() && random.nextInt(5) == 0) {
            List<Integer> named = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                named.add(1 + random.nextInt(config.hosts()));
            }
            return new SimAction.SeedsChange(at, named);
        }
        switch (random.nextInt(12)) {
            case 0:
                if (crashed.remove(host)) {
                    return new SimAction.Restart(at, host);
                }
                left.remove(host);
                crashed.add(host);
                return new SimAction.Crash(at, host);
            case 1:
                if (left.remove(host)) {
                    return new SimAction.Rejoin(at, host);
                }
                crashed.remove(host);
                left.add(host);
                return new SimAction.Leave(at, host);
            case 2:
            case 3: {
                int sideCount = 2 + random.nextInt(2);
                List<Set<Integer>> sides = new ArrayList<>();
                for (int i = 0; i < sideCount; i++) {
                    sides.add(new HashSet<>());
                }
                for (int h = 1; h <= config.hosts(); h++) {
                    sides.get(random.nextInt(sideCount)).add(h);
                }
                return new SimAction.Partition(at, sides);
            }
            case 4:
                return new SimAction.Heal(at);
            case 5:
                return new SimAction.Weather(at, random.nextDouble() * SimConfig.MAX_LOSS_RATE,
                        random.nextDouble() * 0.2, 1 + random.nextInt((int) SimConfig.MAX_DELAY));
            case 6:
                // Pauses end before the calm, so that the calm really is calm.
                return new SimAction.Pause(at, host, Math.max(1, Math.min(6_000, chaosEnd - at - 1) * random.nextInt(100) / 100));
            case 7:
                return new SimAction.ClockJump(at, host, (random.nextBoolean() ? 1 : -1) * random.nextInt(20_000));
            case 8:
                return new SimAction.Promote(at, host);
            case 9:
                return new SimAction.Demote(at, host, random.nextInt(4) == 0);
            default:
                return new SimAction.Advertise(at, host, random.nextInt(SimConfig.SERVICES), random.nextInt(4) != 0);
        }
    }
}
