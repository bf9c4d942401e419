package dev.discovery.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * A real three-server ZooKeeper ensemble in this JVM (Curator's TestingCluster runs the ZooKeeper server code) on
 * loopback ports, with a 500 ms tick so that sessions of 1 to 10 seconds are allowed.
 */
final class ZooKeeperEnsemble implements AutoCloseable {

    static final int TICK_MILLIS = 500;

    final TestingCluster cluster;

    ZooKeeperEnsemble() throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            specs.add(new InstanceSpec(null, -1, -1, -1, true, id, TICK_MILLIS, -1, Map.of(), "127.0.0.1"));
        }
        cluster = new TestingCluster(specs.toArray(InstanceSpec[]::new));
        cluster.start();
    }

    /** "leader", "follower", or "down", as the server answers ZooKeeper's {@code srvr} command. */
    static String mode(InstanceSpec server) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.lines().filter(line -> line.startsWith("Mode: ")).map(line -> line.substring(6).trim())
                    .findFirst().orElse("down");
        } catch (IOException e) {
            return "down";
        }
    }

    InstanceSpec quorumLeader() {
        return cluster.getInstances().stream().filter(server -> mode(server).equals("leader")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ZooKeeper server leads the quorum"));
    }

    String connectString() {
        return cluster.getConnectString();
    }

    @Override
    public void close() throws IOException {
        cluster.close();
    }
}
