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
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (NodeProcess p : processes) {
                assertThat(p.peers()).hasSize(2);
            }
            assertThat(processes.stream().filter(NodeProcess::isMaster)).hasSize(1);
            assertThat(processes.get(2).isMaster()).isTrue();
        });

        processes.get(2).kill();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(processes.get(1).isMaster()).isTrue();
            assertThat(processes.get(0).isMaster()).isFalse();
            String dead = processes.get(2).id();
            assertThat(processes.get(0).lines).contains("removed " + dead + " TIMED_OUT", "master " + processes.get(1).id());
        });
    }
}
