package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Separate JVMs on loopback broadcast: they find each other, elect one master, and survive kill -9 of it. */
@Tag("slow")
class MultiProcessTest {

    private final List<NodeProcess> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(NodeProcess::close);
    }

    @Test
    void threeProcessesElectOneMasterAndReplaceItAfterKillNine() throws Exception {
        int port = Loopback.freePort();
        for (int weight = 1; weight <= 3; weight++) {
            processes.add(NodeProcess.start(List.of(), "127.0.0.0/8",
                    String.valueOf(port), Loopback.BROADCAST, String.valueOf(weight), "200", "500", "1500"));
        }
        // JVMs come up in any order and a sitting master keeps its role, so which one wins is not fixed: one does.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (NodeProcess p : processes) {
                assertThat(p.peers()).hasSize(2);
            }
            assertThat(processes.stream().filter(NodeProcess::isMaster)).hasSize(1);
        });

        NodeProcess master = processes.stream().filter(NodeProcess::isMaster).findFirst().orElseThrow();
        master.kill();
        List<NodeProcess> survivors = processes.stream().filter(p -> p != master).toList();
        // The removal of a master runs the election at once: the heavier survivor (listed last) takes over.
        NodeProcess heir = survivors.get(1);
        NodeProcess other = survivors.get(0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(heir.isMaster()).isTrue();
            assertThat(other.isMaster()).isFalse();
            assertThat(other.lines).contains("removed " + master.id() + " TIMED_OUT", "master " + heir.id());
        });
    }
}
