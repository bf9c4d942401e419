package dev.discovery.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive table keeps exactly what the access-ordered, size-bounded map it replaced kept. */
class SenderStatesTest {

    @Test
    void keepsAndEvictsTheSameSendersAsAnAccessOrderedMap() {
        int max = 100;
        Map<Long, long[]> reference = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
                return size() > max;
            }
        };
        SenderStates states = new SenderStates(max);
        Random random = new Random(24);
        for (int step = 0; step < 200_000; step++) {
            // few distinct keys, some of them colliding in the table's low bits, so runs form and are shifted back
            long key = random.nextInt(4) == 0 ? random.nextLong() : (random.nextInt(160) << 20);
            if (step % 50_000 == 49_999) {
                reference.clear();
                states.clear();
            }
            long[] expected = reference.get(key);
            int entry = states.find(key);
            assertThat(entry >= 0).as("step %d: tracked", step).isEqualTo(expected != null);
            if (expected == null) {
                reference.put(key, new long[] {step, -step, 2L * step});
                states.add(key, step, -step, 2L * step);
            } else {
                assertThat(new long[] {states.highest(entry), states.bitmap(entry), states.firstSince(entry)})
                        .containsExactly(expected);
                expected[0]++;
                states.set(entry, expected[0], expected[1], expected[2]);
            }
            assertThat(states.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<Long, long[]> kept : reference.entrySet()) {
            int entry = states.find(kept.getKey());
            assertThat(entry).isNotNegative();
            assertThat(states.highest(entry)).isEqualTo(kept.getValue()[0]);
        }
    }
}
