package dev.discovery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** node-discover 1.2.1 through the interoperability peer: every node is a Node.js process. */
final class NodeDiscoverContender implements Contender {

    private final Path peerScript;
    private final Path stderrFile;

    private NodeDiscoverContender(Path peerScript, Path stderrFile) {
        this.peerScript = peerScript;
        this.stderrFile = stderrFile;
    }

    /** The contender, or why it cannot run here (no node, or {@code npm ci} not run in interop/node). */
    static Optional<NodeDiscoverContender> find(Path peerScript, Path stderrFile, StringBuilder why) {
        if (!Files.isRegularFile(peerScript)) {
            why.append("no peer script at ").append(peerScript);
            return Optional.empty();
        }
        if (!Files.isDirectory(peerScript.resolveSibling("node_modules").resolve("node-discover"))) {
            why.append("node-discover is not installed: run npm ci in ").append(peerScript.getParent());
            return Optional.empty();
        }
        String version = nodeVersion();
        if (version == null) {
            why.append("no working 'node' on the PATH");
            return Optional.empty();
        }
        return Optional.of(new NodeDiscoverContender(peerScript, stderrFile));
    }

    static String nodeVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public String name() {
        return "node-discover";
    }

    @Override
    public Member startMember(ClusterSettings settings, double weight, EventLog log) throws IOException {
        return startProcess(settings, weight, log);
    }

    @Override
    public Member startProcess(ClusterSettings settings, double weight, EventLog log) throws IOException {
        return PeerProcess.start(List.of("node", peerScript.toString(), settings.peerOptions(weight).toString()),
                log, stderrFile);
    }
}
