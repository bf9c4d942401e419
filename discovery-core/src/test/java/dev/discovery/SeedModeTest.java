package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.NameResolver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Nodes that know only seeds, on the in-memory network with in-memory DNS: learning, DNS changes, the bounds. */
class SeedModeTest {

    private static final String NAME = "discovery.default.svc.cluster.local";

    private final SimCluster cluster = new SimCluster(7, b -> b.seeds(NAME).seedRefreshInterval(Duration.ofSeconds(2)));

    private List<SimNode> addNodes(int from, int to) {
        List<SimNode> added = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            added.add(cluster.add(n, b -> { }));
        }
        return added;
    }

    private static Set<String> idsBut(List<SimNode> nodes, SimNode self) {
        return nodes.stream().filter(n -> n != self).map(n -> n.id).collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean converged(List<SimNode> nodes) {
        return nodes.stream().allMatch(n -> n.peerIds().equals(idsBut(nodes, n)))
                && cluster.mastersSeen().values().stream().distinct().count() == 1
                && cluster.actualMasters().size() == 1;
    }

    @Test
    void oneSeedIsEnoughForEveryNodeToLearnEveryOther() {
        List<SimNode> nodes = addNodes(1, 20);
        cluster.dns.set(NAME, nodes.get(0).address);
        cluster.startAll();

        assertThat(cluster.scheduler.runUntil(() -> converged(nodes), Duration.ofSeconds(10))).isTrue();
        // No node was told about the others: each heard them directly, at the address they send from.
        for (SimNode node : nodes) {
            for (Node peer : node.discovery.nodes()) {
                assertThat(peer.address()).isEqualTo(cluster.nodes.get(peer.id()).address);
            }
        }
    }

    @Test
    void nodesStayConnectedWhenTheSeedsDieAndANewcomerJoinsThroughTheChangedName() {
        List<SimNode> nodes = addNodes(1, 8);
        cluster.dns.set(NAME, nodes.get(0).address, nodes.get(1).address);
        cluster.startAll();
        assertThat(cluster.scheduler.runUntil(() -> converged(nodes), Duration.ofSeconds(10))).isTrue();

        nodes.get(0).discovery.stop();
        nodes.get(1).discovery.stop();
        cluster.dns.set(NAME); // nothing resolves for a while: not fatal, retried
        List<SimNode> survivors = nodes.subList(2, 8);
        cluster.run(Duration.ofSeconds(10));
        assertThat(converged(survivors)).isTrue();
        for (SimNode survivor : survivors) {
            assertThat(survivor.events(DiscoveryEvent.NodeRemoved.class)).extracting(e -> e.node().id())
                    .containsExactlyInAnyOrder(nodes.get(0).id, nodes.get(1).id);
        }

        cluster.dns.set(NAME, nodes.get(5).address);
        SimNode newcomer = cluster.add(9, b -> { });
        newcomer.discovery.start();
        List<SimNode> now = new ArrayList<>(survivors);
        now.add(newcomer);
        assertThat(cluster.scheduler.runUntil(() -> converged(now), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aNodeRestartedAtANewAddressIsSeenThereAndItsOldEntryGoes() {
        List<SimNode> nodes = addNodes(1, 5);
        cluster.dns.set(NAME, nodes.stream().map(n -> n.address).toArray(String[]::new));
        cluster.startAll();
        assertThat(cluster.scheduler.runUntil(() -> converged(nodes), Duration.ofSeconds(10))).isTrue();

        SimNode moved = nodes.get(2);
        moved.discovery.stop();
        SimNode replacement = cluster.add(33, b -> { });
        cluster.dns.set(NAME, nodes.stream().map(n -> n == moved ? replacement.address : n.address).toArray(String[]::new));
        replacement.discovery.start();
        List<SimNode> now = new ArrayList<>(nodes);
        now.set(2, replacement);
        assertThat(cluster.scheduler.runUntil(() -> converged(now), Duration.ofSeconds(10))).isTrue();
        for (SimNode node : now) {
            if (node != replacement) {
                assertThat(node.discovery.node(replacement.id)).get().extracting(Node::address).isEqualTo(replacement.address);
                assertThat(node.events(DiscoveryEvent.NodeRemoved.class)).extracting(e -> e.node().id())
                        .containsExactly(moved.id);
            }
        }
    }

    @Test
    void aNameThatDoesNotResolveAtStartIsRetriedUntilItDoes() {
        List<SimNode> nodes = addNodes(1, 3);
        cluster.startAll();
        cluster.run(Duration.ofSeconds(5));
        assertThat(nodes).allMatch(n -> n.discovery.isRunning() && n.peerIds().isEmpty());

        cluster.dns.set(NAME, nodes.get(1).address);
        assertThat(cluster.scheduler.runUntil(() -> converged(nodes), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void namesAreResolvedAgainAtTheConfiguredInterval() {
        SimNode node = cluster.add(1, b -> { });
        cluster.dns.set(NAME, "10.9.0.1");
        node.discovery.start();
        cluster.run(Duration.ofMillis(10_500));
        assertThat(cluster.dns.lookups()).as("lookups at 0, 2, 4, 6, 8 and 10 s").isEqualTo(6);
        cluster.dns.set(NAME); // failing lookups are retried at the same pace
        cluster.run(Duration.ofSeconds(10));
        assertThat(cluster.dns.lookups()).isEqualTo(11);
        assertThat(node.discovery.isRunning()).isTrue();
    }

    @Test
    void srvRecordsGiveHostsAndPorts() {
        SimCluster srv = new SimCluster(3, b -> b.seeds("_discovery._udp.cluster.local"));
        List<SimNode> nodes = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            nodes.add(srv.add(n, b -> { }));
        }
        srv.dns.setServices("_discovery._udp.cluster.local", new NameResolver.Service("seed-0.cluster.local", 12345));
        srv.dns.set("seed-0.cluster.local", nodes.get(3).address);
        srv.startAll();
        assertThat(srv.scheduler.runUntil(() -> nodes.stream().allMatch(n -> n.peerIds().size() == 3),
                Duration.ofSeconds(10))).isTrue();
    }

    private static final String SUBNET_BROADCAST = "10.0.0.255";

    @Test
    void seedsCombineWithBroadcast() {
        // Nodes 1-3 only broadcast, as before seeds existed; node 4 has the name and an explicit broadcast address.
        // In memory, the subnet's broadcast address reaches every host of the network.
        List<SimNode> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            nodes.add(cluster.add(n, b -> b.seeds(List.of()).broadcast(SUBNET_BROADCAST)));
        }
        cluster.dns.set(NAME, nodes.get(0).address);
        SimNode both = cluster.add(4, b -> b.broadcast(SUBNET_BROADCAST));
        nodes.add(both);
        cluster.startAll();
        assertThat(cluster.scheduler.runUntil(() -> converged(nodes), Duration.ofSeconds(10))).isTrue();
        assertThat(cluster.network.datagramsSentTo(SUBNET_BROADCAST)).isGreaterThan(0);
        assertThat(cluster.network.datagramsSentTo(nodes.get(2).address)).as("unicast to a node learned by broadcast")
                .isGreaterThan(0);
    }

    @Test
    void ipv6AddressesWork() {
        SimCluster v6 = new SimCluster(5, b -> b.seeds("[fd00::1]:12345"));
        List<Discovery> nodes = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            nodes.add(new Discovery(DiscoveryOptions.builder().hostName("v6").seeds("[fd00::1]:12345").build(),
                    v6.network.transport("fd00::" + n), v6.scheduler, v6.dns));
        }
        nodes.forEach(Discovery::start);
        assertThat(v6.scheduler.runUntil(() -> nodes.stream().allMatch(n -> n.nodes().size() == 4),
                Duration.ofSeconds(10))).isTrue();
        assertThat(nodes.get(4).nodes()).extracting(Node::address).contains("fd00:0:0:0:0:0:0:1");
    }

    // ---- the bounds ------------------------------------------------------------------------------------------

    private static final String VICTIM = "10.66.0.1";
    private static final String ATTACKER = "10.66.0.2";

    private byte[] datagram(String event, String json) {
        return ("{\"event\":\"" + event + "\",\"pid\":\"p\",\"iid\":\"forged-" + event + "\",\"hostName\":\"x\",\"data\":"
                + json + "}").getBytes(StandardCharsets.UTF_8);
    }

    private List<SimNode> convergedCluster(int size) {
        List<SimNode> nodes = addNodes(1, size);
        cluster.dns.set(NAME, nodes.get(0).address);
        cluster.startAll();
        assertThat(cluster.scheduler.runUntil(() -> converged(nodes), Duration.ofSeconds(10))).isTrue();
        cluster.run(Duration.ofSeconds(3));
        return nodes;
    }

    @Test
    void aForgedPeerListFromAnAddressThatNeverAnsweredIsIgnored() {
        List<SimNode> nodes = convergedCluster(10);
        InetSocketAddress attacker = new InetSocketAddress(ATTACKER, 12345);
        String list = "{\"peers\":[\"" + VICTIM + ":12345\"],\"token\":\"t\"}";
        for (int i = 0; i < 100; i++) {
            for (SimNode node : nodes) {
                cluster.network.inject(datagram("discovery:peers", list), attacker,
                        new InetSocketAddress(node.address, 12345));
            }
            cluster.run(Duration.ofMillis(100));
        }
        cluster.run(Duration.ofSeconds(5));
        assertThat(cluster.network.datagramsSentTo(VICTIM)).isZero();
        // The attacker is no member, seed or candidate: it gets no answer at all.
        assertThat(cluster.network.datagramsSentTo(ATTACKER)).isZero();
    }

    @Test
    void aHelloForgedFromAVictimsAddressCostsTheVictimABoundedAmountAndIsNeverPassedOn() {
        List<SimNode> nodes = convergedCluster(10);
        InetSocketAddress victim = new InetSocketAddress(VICTIM, 12345);
        // One forged hello to one node, with a forged list to make it look verified.
        cluster.network.inject(datagram("hello", "{\"isMaster\":false,\"isMasterEligible\":false,\"weight\":-1}"),
                victim, new InetSocketAddress(nodes.get(3).address, 12345));
        cluster.network.inject(datagram("discovery:peers", "{\"token\":\"t\",\"echo\":\"guess\",\"peers\":[\"10.66.0.3:12345\"]}"),
                victim, new InetSocketAddress(nodes.get(3).address, 12345));
        cluster.run(Duration.ofSeconds(30));

        // Only the node that got the hello sends there, only while the forged node is in its table (nodeTimeout, 2 s):
        // a hello and a challenge per hello interval, plus one echo.
        long bound = 2 * (2_000 / 1_000 + 1) + 1;
        assertThat(cluster.network.datagramsSentTo(VICTIM)).isBetween(1L, bound);
        assertThat(cluster.network.datagramsSentTo("10.66.0.3")).isZero();
        assertThat(nodes).allMatch(n -> n.discovery.node("forged-hello").isEmpty());
    }

    @Test
    void aVerifiedPeerNamingSilentAddressesCannotMakeANodeSendThemMoreThanABoundedRate() {
        List<SimNode> nodes = convergedCluster(5);
        SimNode liar = nodes.get(4);
        // The liar is a real member, verified by all; every 100 ms it names 32 new addresses where nobody answers.
        int named = 0;
        long before = cluster.network.datagramsSentBy(nodes.get(0).address);
        for (int i = 0; i < 100; i++) {
            List<String> silent = new ArrayList<>();
            for (int k = 0; k < 32; k++, named++) {
                silent.add("\"10.67." + (named / 250) + "." + (named % 250 + 1) + ":12345\"");
            }
            String list = "{\"peers\":[" + String.join(",", silent) + "]}";
            cluster.network.inject(("{\"event\":\"discovery:peers\",\"pid\":\"p\",\"iid\":\"" + liar.id
                    + "\",\"data\":" + list + "}").getBytes(StandardCharsets.UTF_8),
                    new InetSocketAddress(liar.address, 12345), new InetSocketAddress(nodes.get(0).address, 12345));
            cluster.run(Duration.ofMillis(100));
        }
        // 10 s: at most 32 new candidates per hello interval, each probed with a hello and a challenge at once and with
        // each hello (2 per interval) until its timeout (2 s); besides, the node's own traffic to its 4 peers.
        long sent = cluster.network.datagramsSentBy(nodes.get(0).address) - before;
        long toSilent = sent - 10 * 4 * 3; // a hello to each peer per interval, and lists and echoes: at most 3 each
        assertThat(toSilent).as("datagrams to silent addresses in 10 s").isLessThanOrEqualTo(11 * 32 * 2 * 3);
        // Each silent address was named once, so it got one probe window: at most a hello and a challenge three times.
        for (int i = 0; i < named; i++) {
            assertThat(cluster.network.datagramsSentTo("10.67." + (i / 250) + "." + (i % 250 + 1))).isLessThanOrEqualTo(6);
        }
    }

    /** The victim of the seed-mode attacks: a lone node with seeds, at 10.0.0.2, that probes what it is told. */
    private SimNode victim(SimCluster on) {
        SimNode victim = on.add(1, b -> { });
        on.dns.set(NAME, victim.address);
        victim.discovery.start();
        return victim;
    }

    @Test
    void manySocketsOnOneAddressCannotMultiplyWhatAVictimSendsToAddressesItWasOnlyToldAbout() {
        // Issue 20, item 1: the budget was per verified peer, so K sockets posing as K peers made it K times larger.
        for (int k : new int[] {1, 20, 100}) {
            // The addresses named are allowed: the budget, not the scope, is what this test measures.
            SimCluster on = new SimCluster(20 + k, b -> b.seeds(NAME).allowedNetworks("10.0.0.0/8"));
            SimNode victim = victim(on);
            SeedAttacker attacker = new SeedAttacker(on, ATTACKER, k, new InetSocketAddress(victim.address, 12345),
                    n -> "10.67." + (n / 250) + "." + (n % 250 + 1));
            for (int second = 0; second < 12; second++) {
                attacker.tick();
                on.run(Duration.ofSeconds(1));
            }
            long victimSent = attacker.sentToNamed();
            System.out.printf("[seed-attack] K = %d: in 12 s the victim sent %d datagrams to %d addresses it was told"
                    + " about, the attacker %d (ratio %.2f); %d addresses refused over budget%n", k, victimSent,
                    attacker.named.stream().filter(a -> on.network.datagramsSentTo(a) > 0).count(), attacker.sent(),
                    (double) victimSent / attacker.sent(), victim.discovery.stats().dropped().get(DropReason.PROBE_BUDGET));
            assertThat(victim.discovery.nodes()).as("K = %d: the attacker's sockets are members", k).hasSize(k);
            assertThat(victimSent).as("K = %d: datagrams to learned addresses, against the attacker's %d", k,
                    attacker.sent()).isLessThan(attacker.sent());
            assertThat(victim.discovery.stats().dropped().get(DropReason.PROBE_BUDGET)).as("K = %d", k).isPositive();
        }
    }

    @Test
    void aForgedPeerListNeverMakesANodeSendOffItsNetworksNorToBroadcastOrMulticast() {
        // Issue 20, item 2: two verified attacker sockets made a victim try 2,640 sends to 324 such addresses.
        List<String> offScope = List.of("255.255.255.255", "10.0.255.255", "10.99.1.2", "192.0.2.7", "169.254.3.4",
                "8.8.8.8", "127.0.0.1", "127.255.255.255", "224.0.0.1", "0.0.0.0", "::1", "ff02::1", "fe80::1");
        SimCluster on = new SimCluster(40, b -> b.seeds(NAME));
        SimNode victim = victim(on);
        SeedAttacker attacker = new SeedAttacker(on, "10.0.0.200", 2, new InetSocketAddress(victim.address, 12345),
                n -> offScope.get(n % offScope.size()));
        for (int second = 0; second < 12; second++) {
            attacker.tick();
            on.run(Duration.ofSeconds(1));
        }
        assertThat(victim.discovery.nodes()).as("the attacker's sockets are members").hasSize(2);
        for (String address : offScope) {
            assertThat(on.network.datagramsSentTo(address)).as("datagrams to %s", address).isZero();
        }
        assertThat(victim.discovery.stats().dropped().get(DropReason.OUT_OF_SCOPE)).isPositive();

        // What the user allows is taken; its broadcast address never is.
        SimCluster allowing = new SimCluster(41, b -> b.seeds(NAME).allowedNetworks("10.99.0.0/16"));
        SimNode told = victim(allowing);
        SeedAttacker naming = new SeedAttacker(allowing, "10.0.0.200", 1, new InetSocketAddress(told.address, 12345),
                n -> n % 2 == 0 ? "10.99.1.2" : "10.99.255.255");
        naming.tick();
        allowing.run(Duration.ofSeconds(2));
        assertThat(allowing.network.datagramsSentTo("10.99.1.2")).isPositive();
        assertThat(allowing.network.datagramsSentTo("10.99.255.255")).isZero();
    }

    @Test
    void allowedNetworksMustBeCidr() {
        for (String bad : List.of("10.0.0.0/33", "example.org/8", "10.0.0.0/x", "")) {
            assertThatThrownBy(() -> DiscoveryOptions.builder().allowedNetworks(bad).build())
                    .as("'%s'", bad).isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("allowedNetworks");
        }
        assertThat(DiscoveryOptions.builder().allowedNetworks("10.20.0.0/16", "fd00:7::/48", "192.0.2.7").build()
                .allowedNetworks()).hasSize(3);
    }

    @Test
    void badSeedEntriesFailTheBuildNamingTheEntry() {
        for (String bad : List.of("", "host:0", "host:70000", "_discovery._tcp.example.com", "_x._udp.example.com:53",
                "239.1.2.3", "0.0.0.0", "300.1.1.1", "[fd00::1", "bad name", "fe80::1%nosuchinterface0")) {
            assertThatThrownBy(() -> DiscoveryOptions.builder().seeds(bad).build())
                    .as("seed '%s'", bad)
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("seeds")
                    .hasMessageContaining(bad.isEmpty() ? "empty" : bad);
        }
        assertThat(DiscoveryOptions.builder().seeds("10.0.0.1", "10.0.0.2:4000", "::1", "[fd00::7]:41234",
                "fe80::1%lo", "seed.example.com", "seed.example.com:4000", "_discovery._udp.example.com").build()
                .seeds()).hasSize(8);
    }

    @Test
    void withSeedsTheDefaultBroadcastIsOffAndAnExplicitOneStays() {
        assertThat(DiscoveryOptions.builder().build().broadcast()).isEqualTo("255.255.255.255");
        assertThat(DiscoveryOptions.builder().seeds("10.0.0.1").build().broadcast()).isNull();
        assertThat(DiscoveryOptions.builder().seeds("10.0.0.1").broadcast("10.0.0.255").build().broadcast())
                .isEqualTo("10.0.0.255");
    }

    @Test
    void withTheAuthenticatedEncryptionOneSeedIsEnoughToo() {
        SimCluster keyed = new SimCluster(11, b -> b.seeds(NAME).key("secret"));
        List<SimNode> nodes = IntStream.rangeClosed(1, 6).mapToObj(n -> keyed.add(n, b -> { })).toList();
        keyed.dns.set(NAME, nodes.get(0).address);
        keyed.startAll();
        assertThat(keyed.scheduler.runUntil(() -> nodes.stream().allMatch(n -> n.peerIds().size() == 5),
                Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void underTheUnauthenticatedLegacyEncryptionNoPeerListIsExchanged() {
        SimCluster legacy = new SimCluster(11, b -> b.seeds(NAME).key("secret").encryption(Encryption.AES256_LEGACY));
        List<SimNode> nodes = IntStream.rangeClosed(1, 4).mapToObj(n -> legacy.add(n, b -> { })).toList();
        legacy.dns.set(NAME, nodes.get(0).address);
        legacy.startAll();
        legacy.run(Duration.ofSeconds(10));
        // The seed hears everyone and answers everyone; the others learn nobody else from it.
        assertThat(nodes.get(0).peerIds()).hasSize(3);
        assertThat(nodes.subList(1, 4)).allSatisfy(n -> assertThat(n.peerIds()).containsExactly(nodes.get(0).id));
    }
}
