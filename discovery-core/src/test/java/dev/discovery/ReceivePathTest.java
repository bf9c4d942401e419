package dev.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.discovery.SimCluster.SimNode;
import dev.discovery.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad datagrams are counted and dropped; nothing escapes the receive path and the table is not disturbed. */
class ReceivePathTest {

    private static final String GOOD_HELLO =
            "{\"event\":\"hello\",\"pid\":\"p\",\"iid\":\"x1\",\"hostName\":\"h\",\"data\":{\"isMaster\":false,\"isMasterEligible\":true,\"weight\":1,\"address\":\"127.0.0.1\"}}";

    private SimCluster cluster;
    private SimNode node;
    private Transport attacker;

    private void setUp(boolean ignoreDataErrors) throws Exception {
        cluster = new SimCluster(50, b -> b.ignoreDataErrors(ignoreDataErrors));
        node = cluster.add(1);
        node.discovery.start();
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
    }

    private void inject(String text) throws Exception {
        attacker.send(text.getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
        cluster.run(Duration.ofMillis(5));
    }

    private long dropped(DropReason reason) {
        return node.discovery.stats().dropped().get(reason);
    }

    @Test
    void badDatagramsAreCountedByReasonAndDropped() throws Exception {
        setUp(true);
        inject("not json");
        inject(GOOD_HELLO.substring(0, 60)); // truncated
        inject("[1,2,3]");
        inject("{\"event\":\"hello\",\"iid\":\"x2\",\"data\":{\"weight\":\"heavy\"}}");
        inject("{\"event\":\"hello\",\"iid\":\"x3\",\"data\":{\"isMaster\":\"yes\"}}");
        inject("{\"event\":\"hello\",\"iid\":17,\"data\":{}}");
        inject("{\"event\":\"hello\",\"iid\":\"x4\",\"data\":\"text\"}");
        inject("{\"event\":\"hello\",\"iid\":\"" + "i".repeat(500) + "\",\"data\":{}}");
        inject("{\"event\":\"hello\",\"iid\":\"x5\",\"data\":{\"weight\":1e999}}");
        inject("{\"event\":\"hello\",\"iid\":\"x6\",\"data\":{\"advertisement\":" + "[".repeat(200) + "]".repeat(200) + "}}");
        inject("{\"event\":\"someChannel\",\"iid\":\"x7\",\"data\":{}}");
        inject("{\"iid\":\"x8\",\"data\":{}}");

        assertThat(dropped(DropReason.MALFORMED)).isEqualTo(4);
        assertThat(dropped(DropReason.INVALID)).isEqualTo(7);
        assertThat(dropped(DropReason.NOT_JOINED)).isEqualTo(1);
        assertThat(node.discovery.nodes()).isEmpty();
        assertThat(node.events).isEmpty();

        inject(GOOD_HELLO);
        assertThat(node.discovery.nodes()).extracting(Node::id).containsExactly("x1");
        assertThat(node.discovery.stats().received()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void junkThatCannotBeAJsonObjectIsRefusedBeforeTheParserSeesIt() throws Exception {
        setUp(false);
        inject("\u0001\u0002 binary junk");
        inject("[{\"event\":\"hello\"}]");
        inject("{\"event\":\"hello\" cut here");
        inject("  \n");
        inject("{\u0007 random bytes between braces \u0000}");
        inject("{\"event\":\"hello\",\"iid\":\"\u00ff\"}".replace('\u00ff', '\u0001'));
        assertThat(dropped(DropReason.MALFORMED)).isEqualTo(6);
        assertThat(node.events(DiscoveryEvent.DataError.class)).extracting(DiscoveryEvent.DataError::detail)
                .allMatch(detail -> detail.startsWith("not a JSON object"));
    }

    @Test
    void aBareHelloAsNodeDiscoverAcceptsItIsAccepted() throws Exception {
        setUp(true);
        inject("{\"event\":\"hello\",\"iid\":\"bare\",\"data\":{\"isMaster\":true}}");
        Node bare = node.discovery.node("bare").orElseThrow();
        assertThat(bare.master()).isTrue();
        assertThat(bare.hostName()).isNull();
        assertThat(bare.weight()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void withIgnoreDataErrorsOffBadDataIsAlsoReportedAsAnEvent() throws Exception {
        setUp(false);
        inject("{oops");
        inject("{\"event\":\"other\",\"iid\":\"x7\",\"data\":{}}"); // not joined: not an error
        List<DiscoveryEvent.DataError> errors = node.events(DiscoveryEvent.DataError.class);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(DropReason.MALFORMED);
            assertThat(e.source().getAddress().getHostAddress()).isEqualTo("10.0.9.9");
        });
    }

    @Test
    void aFloodOfFakeIdsIsBoundedByMaxNodes() throws Exception {
        cluster = new SimCluster(51, b -> b.maxNodes(100));
        node = cluster.add(1);
        SimNode real = cluster.add(2);
        cluster.startAll();
        attacker = cluster.network.transport("10.0.9.9");
        attacker.start((data, source) -> { });
        cluster.run(Duration.ofMillis(1100));
        for (int i = 0; i < 5_000; i++) {
            attacker.send(GOOD_HELLO.replace("x1", "fake-" + i).getBytes(StandardCharsets.UTF_8), SimCluster.BROADCAST);
        }
        cluster.run(Duration.ofMillis(10));
        assertThat(node.discovery.nodes()).hasSize(100);
        assertThat(node.discovery.node(real.id)).isPresent();
        assertThat(dropped(DropReason.TABLE_FULL)).isEqualTo(5_000 - 99);
        // The fakes fall silent and time out; the real node stays.
        cluster.run(Duration.ofSeconds(3));
        assertThat(node.discovery.nodes()).extracting(Node::id).containsExactly(real.id);
    }
}
