package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.discovery.SimCluster.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    private static final List<String> KEYS = IntStream.range(0, 2_000).mapToObj(i -> "key-" + i).toList();

    private static List<String> ids(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "node-" + i).toList();
    }

    private static Map<String, String> owners(List<String> ids, List<String> keys) {
        RendezvousHash hash = new RendezvousHash(ids);
        Map<String, String> owners = new HashMap<>();
        keys.forEach(key -> owners.put(key, hash.owner(key)));
        return owners;
    }

    @Test
    void keysSpreadEvenlyAndOnlyTheKeysOfTheNodeThatChangedMove() {
        List<String> many = IntStream.range(0, 100_000).mapToObj(i -> "tenant-" + i).toList();
        Map<String, String> ten = owners(ids(10), many);
        Map<String, Long> perNode = new HashMap<>();
        ten.values().forEach(owner -> perNode.merge(owner, 1L, Long::sum));
        assertThat(perNode).hasSize(10)
                .allSatisfy((node, count) -> assertThat(count.doubleValue()).isCloseTo(10_000, within(600.0)));

        Map<String, String> eleven = owners(ids(11), many);
        long moved = many.stream().filter(key -> !ten.get(key).equals(eleven.get(key))).count();
        assertThat(many).filteredOn(key -> !ten.get(key).equals(eleven.get(key)))
                .allSatisfy(key -> assertThat(eleven.get(key)).isEqualTo("node-11"));
        assertThat(moved / (double) many.size()).isCloseTo(1 / 11.0, within(0.01));

        List<String> withoutFour = new ArrayList<>(ids(10));
        withoutFour.remove("node-4");
        Map<String, String> nine = owners(withoutFour, many);
        assertThat(many).filteredOn(key -> !ten.get(key).equals(nine.get(key)))
                .allSatisfy(key -> assertThat(ten.get(key)).isEqualTo("node-4"));
    }

    @Test
    void everyNodeNamesTheSameOwnerAndEachKeyHasExactlyOne() {
        SimCluster cluster = new SimCluster(11);
        List<Ownership> ownerships = cluster.addMany(5).stream().map(n -> new Ownership(n.discovery)).toList();
        cluster.startAll();
        cluster.run(Duration.ofMillis(4000));

        for (String key : KEYS) {
            List<String> named = ownerships.stream().map(o -> o.owner(key).orElseThrow().id()).distinct().toList();
            assertThat(named).as("owner of %s", key).hasSize(1);
            assertThat(ownerships.stream().filter(o -> o.owns(key)).count()).isEqualTo(1);
        }
        assertThat(ownerships.get(0).owners()).extracting(Node::id)
                .containsExactly("node-0001", "node-0002", "node-0003", "node-0004", "node-0005");
        assertThat(ownerships.stream().mapToInt(o -> o.owned(KEYS).size()).sum()).isEqualTo(KEYS.size());
    }

    @Test
    void aJoiningNodeTakesKeysOnlyForItselfAndTheOthersAreToldWhatTheyLost() {
        SimCluster cluster = new SimCluster(12);
        SimNode first = cluster.add(1);
        Ownership ownership = new Ownership(first.discovery);
        List<OwnershipChanged> changes = new CopyOnWriteArrayList<>();
        ownership.addListener(changes::add);
        cluster.add(2);
        cluster.startAll();
        cluster.run(Duration.ofMillis(4000));
        List<String> before = ownership.owned(KEYS);

        SimNode third = cluster.add(3);
        Ownership joined = new Ownership(third.discovery);
        third.discovery.start();
        cluster.run(Duration.ofMillis(1500));
        assertThat(joined.owned(KEYS)).as("not settled yet").isEmpty();
        assertThat(ownership.owned(KEYS)).as("nothing handed over to it yet").isEqualTo(before);
        cluster.run(Duration.ofMillis(2500)); // settled 2000 after its start (its hello says so), keys 1500 later

        OwnershipChanged last = changes.get(changes.size() - 1);
        assertThat(last.previousOwners()).containsExactly("node-0001", "node-0002");
        assertThat(last.owners()).containsExactly("node-0001", "node-0002", "node-0003");
        List<String> lost = KEYS.stream().filter(last::lost).toList();
        assertThat(lost).isNotEmpty().allSatisfy(key -> assertThat(joined.owns(key)).isTrue());
        assertThat(KEYS.stream().filter(last::gained)).isEmpty();
        List<String> after = new ArrayList<>(before);
        after.removeAll(lost);
        assertThat(ownership.owned(KEYS)).isEqualTo(after);
    }

    @Test
    void aStoppedNodeOwnsNothingAndItsKeysGoToTheOthers() {
        SimCluster cluster = new SimCluster(13);
        List<SimNode> nodes = cluster.addMany(3);
        List<Ownership> ownerships = nodes.stream().map(n -> new Ownership(n.discovery)).toList();
        cluster.startAll();
        cluster.run(Duration.ofMillis(4000));
        List<String> leaving = ownerships.get(2).owned(KEYS);

        nodes.get(2).discovery.stop();
        cluster.run(Duration.ofMillis(10)); // the goodbye
        assertThat(ownerships.get(2).owned(KEYS)).isEmpty();
        assertThat(ownerships.get(2).owner("key-1")).isEmpty();
        for (String key : leaving) {
            assertThat(ownerships.get(0).owns(key) ^ ownerships.get(1).owns(key)).as(key).isTrue();
        }
    }

    @Test
    void duringAPartitionEachSideHasAnOwnerForEveryKeyAndAfterTheHealOneRemains() {
        SimCluster cluster = new SimCluster(14);
        List<SimNode> nodes = cluster.addMany(4);
        List<Ownership> ownerships = nodes.stream().map(n -> new Ownership(n.discovery)).toList();
        cluster.startAll();
        cluster.run(Duration.ofMillis(4000));

        cluster.network.partition(List.of(nodes.get(0).address, nodes.get(1).address),
                List.of(nodes.get(2).address, nodes.get(3).address));
        cluster.run(Duration.ofSeconds(5));
        for (String key : KEYS) {
            assertThat(ownerships.get(0).owns(key) ^ ownerships.get(1).owns(key)).as(key).isTrue();
            assertThat(ownerships.get(2).owns(key) ^ ownerships.get(3).owns(key)).as(key).isTrue();
        }

        cluster.network.heal();
        cluster.run(Duration.ofMillis(1500));
        for (String key : KEYS) {
            assertThat(ownerships.stream().filter(o -> o.owns(key)).count()).as(key).isEqualTo(1);
        }
    }

    @Test
    void onlyCandidatesOwnKeys() {
        SimCluster cluster = new SimCluster(15);
        SimNode orders1 = cluster.add(1);
        SimNode orders2 = cluster.add(2);
        SimNode billing = cluster.add(3);
        SimNode ineligible = cluster.add(4, b -> b.masterEligible(false));
        orders1.discovery.advertise(Map.of("name", "orders"));
        orders2.discovery.advertise(Map.of("name", "orders"));
        billing.discovery.advertise(Map.of("name", "billing"));
        ineligible.discovery.advertise(Map.of("name", "orders"));
        cluster.startAll();
        cluster.run(Duration.ofMillis(4000));

        Ownership byEligibility = new Ownership(ineligible.discovery);
        assertThat(byEligibility.owners()).extracting(Node::id).containsExactly("node-0001", "node-0002", "node-0003");
        assertThat(byEligibility.owned(KEYS)).isEmpty();

        Ownership byService = new Ownership(billing.discovery,
                node -> node.masterEligible() && "orders".equals(node.advertisementMap().get("name")));
        assertThat(byService.owners()).extracting(Node::id).containsExactly("node-0001", "node-0002");
        assertThat(byService.owned(KEYS)).isEmpty();
        assertThat(byService.owner("key-7").orElseThrow().id()).isIn("node-0001", "node-0002");
    }
}
