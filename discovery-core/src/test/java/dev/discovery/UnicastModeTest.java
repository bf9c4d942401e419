package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** In unicast mode a node sends only to the peers it lists: the engine chooses the destinations, not the network. */
class UnicastModeTest {

    @Test
    void eachNodeReachesOnlyThePeersItLists() {
        SimCluster cluster = new SimCluster(3);
        // Nodes 1, 2 and 3 live at 10.0.0.2, 10.0.0.3 and 10.0.0.4.
        SimNode a = cluster.add(1, b -> b.unicast(List.of("10.0.0.3", "10.0.0.4")));
        SimNode b = cluster.add(2, o -> o.unicast(List.of("10.0.0.2")));
        SimNode c = cluster.add(3, o -> o.unicast(List.of("10.0.0.2:12345")));
        cluster.startAll();
        cluster.run(Duration.ofSeconds(3));

        assertThat(a.discovery.nodes()).extracting(Node::id).containsExactlyInAnyOrder(b.id, c.id);
        assertThat(b.discovery.nodes()).extracting(Node::id).containsExactly(a.id);
        assertThat(c.discovery.nodes()).extracting(Node::id).containsExactly(a.id);

        List<ChannelMessage> atB = new CopyOnWriteArrayList<>();
        List<ChannelMessage> atC = new CopyOnWriteArrayList<>();
        b.discovery.join("jobs", atB::add);
        c.discovery.join("jobs", atC::add);
        cluster.run(Duration.ofMillis(10));
        assertThat(a.discovery.send("jobs", "to my two peers")).isTrue();
        cluster.run(Duration.ofMillis(10));
        assertThat(atB).extracting(ChannelMessage::payload).containsExactly("to my two peers");
        assertThat(atC).extracting(ChannelMessage::payload).containsExactly("to my two peers");

        long sentBefore = c.discovery.stats().sent();
        c.discovery.send("jobs", "to a only");
        cluster.run(Duration.ofMillis(10));
        assertThat(c.discovery.stats().sent()).as("one datagram per destination").isEqualTo(sentBefore + 1);
        assertThat(atB).hasSize(1);
    }
}
