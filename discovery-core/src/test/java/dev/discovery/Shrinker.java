package dev.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Makes a failing schedule as short as it can while it still fails: removes chunks of faults, halving the chunk size
 * when nothing more can go (a simple delta debugging). The calm phases stay, since they hold the checks.
 */
final class Shrinker {

    private Shrinker() {
    }

    static List<SimAction> shrink(List<SimAction> schedule, Predicate<List<SimAction>> fails, int maxRuns) {
        List<SimAction> current = new ArrayList<>(schedule);
        int runs = 0;
        int chunk = Math.max(1, current.size() / 2);
        while (chunk >= 1 && runs < maxRuns) {
            boolean progress = false;
            for (int i = 0; i < current.size() && runs < maxRuns; ) {
                List<SimAction> candidate = without(current, i, chunk);
                if (candidate.size() == current.size()) {
                    i += chunk;
                    continue;
                }
                runs++;
                if (fails.test(candidate)) {
                    current = candidate;
                    progress = true;
                } else {
                    i += chunk;
                }
            }
            if (!progress) {
                chunk /= 2;
            }
        }
        return current;
    }

    private static List<SimAction> without(List<SimAction> actions, int from, int count) {
        List<SimAction> kept = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            SimAction a = actions.get(i);
            if (i < from || i >= from + count || a instanceof SimAction.Calm) {
                kept.add(a);
            }
        }
        return kept;
    }
}
