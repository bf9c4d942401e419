package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 5: replay protection lives in each receiver, so a node started after a capture had no record of the
 * captured sequence numbers and accepted the whole capture, hellos of a killed node included (a ghost). A node that
 * just started must refuse what an established node refuses, whatever the clocks of the hosts say.
 */
class FreshNodeReplayTest {

    private final SimCluster cluster = new SimCluster(120, b -> b.key("fleet-secret"));
    private final List<byte[]> captured = new ArrayList<>();
    private Transport attacker;

    private void captureWhile(Runnable action) throws Exception {
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> captured.add(data));
        action.run();
        attacker.stop();
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
    }

    private void replay() throws Exception {
        for (byte[] datagram : captured) {
            attacker.send(datagram);
        }
    }

    /** Kills a node as a crash does: nothing more from it, its goodbye never arrives. */
    private void crash(SimNode node) {
        cluster.network.isolate(node.address);
        node.discovery.stop();
        cluster.network.heal();
    }

    @Test
    void aNodeStartedAfterACaptureRefusesItsReplayAndSeesNoGhost() throws Exception {
        SimNode live = cluster.add(1);
        SimNode killed = cluster.add(2);
        cluster.startAll();
        captureWhile(() -> cluster.run(Duration.ofSeconds(4)));
        crash(killed);
        cluster.run(Duration.ofSeconds(11));

        SimNode fresh = cluster.add(3);
        fresh.discovery.start();
        replay();
        cluster.run(Duration.ofSeconds(3));

        assertThat(fresh.peerIds()).containsExactly(live.id);
        assertThat(fresh.events(DiscoveryEvent.NodeAdded.class)).extracting(e -> e.node().id()).containsExactly(live.id);
        assertThat(fresh.discovery.stats().dropped().get(DropReason.REPLAYED)).isEqualTo(captured.size());
    }
}
