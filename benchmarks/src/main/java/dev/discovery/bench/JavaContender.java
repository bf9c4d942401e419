package dev.discovery.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** This library: nodes in the harness JVM, or in a child JVM running {@link JavaPeerMain} when one must be killed. */
final class JavaContender implements Contender {

    private final Path stderrFile;

    JavaContender(Path stderrFile) {
        this.stderrFile = stderrFile;
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public Member startMember(ClusterSettings settings, double weight, EventLog log) {
        return InJvmMember.start(settings.options(weight).build(), log);
    }

    @Override
    public Member startProcess(ClusterSettings settings, double weight, EventLog log) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-D" + BenchMain.ALLOWED_DESTINATIONS + "=" + System.getProperty(BenchMain.ALLOWED_DESTINATIONS),
                "-cp", System.getProperty("java.class.path"),
                JavaPeerMain.class.getName(),
                settings.peerOptions(weight).toString());
        return PeerProcess.start(command, log, stderrFile);
    }
}
