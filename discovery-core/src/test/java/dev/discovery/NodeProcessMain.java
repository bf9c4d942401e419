package dev.discovery;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One node in its own JVM, for tests that need separate processes (kill -9, network namespaces). Arguments:
 * {@code port broadcast weight [helloMs checkMs timeoutMs]}. Prints one line per event ({@code started ID},
 * {@code added ID}, {@code removed ID REASON}, {@code promoted}, {@code demoted}, {@code master ID}); reads
 * {@code stop} on standard input and stops when it closes.
 */
public final class NodeProcessMain {

    private NodeProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        DiscoveryOptions.Builder options = DiscoveryOptions.builder()
                .port(Integer.parseInt(args[0]))
                .broadcast(args[1])
                .weight(Double.parseDouble(args[2]))
                .hostName("process-" + ProcessHandle.current().pid());
        if (args.length >= 6) {
            options.helloInterval(Duration.ofMillis(Long.parseLong(args[3])))
                    .checkInterval(Duration.ofMillis(Long.parseLong(args[4])))
                    .nodeTimeout(Duration.ofMillis(Long.parseLong(args[5])));
        }
        Discovery discovery = new Discovery(options.build());
        discovery.addListener(event -> {
            String line = null;
            if (event instanceof DiscoveryEvent.NodeAdded e) {
                line = "added " + e.node().id();
            } else if (event instanceof DiscoveryEvent.NodeRemoved e) {
                line = "removed " + e.node().id() + " " + e.reason();
            } else if (event instanceof DiscoveryEvent.MasterElected e) {
                line = "master " + e.node().id();
            } else if (event instanceof DiscoveryEvent.Promoted) {
                line = "promoted";
            } else if (event instanceof DiscoveryEvent.Demoted) {
                line = "demoted";
            }
            if (line != null) {
                System.out.println(line);
                System.out.flush();
            }
        });
        discovery.start();
        System.out.println("started " + discovery.id());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("stop")) {
            // only "stop" is understood
        }
        discovery.stop();
        System.out.println("stopped");
        System.out.flush();
    }
}
