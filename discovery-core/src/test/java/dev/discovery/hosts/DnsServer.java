package dev.discovery.hosts;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real DNS server for the test hosts: dnsmasq (Debian's {@code dnsmasq-base}) in its own namespace, answering one
 * name with the A records of a hosts file that {@link #answer} rewrites, then makes dnsmasq re-read (SIGHUP). Answers
 * carry a TTL of 1 s. Nothing else is served: no upstream servers, no /etc/hosts, no configuration file.
 */
final class DnsServer implements AutoCloseable {

    private final String name;
    private final Path directory;
    private final Path hostsFile;
    private final Path log;
    private final Process process;

    private DnsServer(String name, Path directory, Process process) {
        this.name = name;
        this.directory = directory;
        this.hostsFile = directory.resolve("hosts");
        this.log = directory.resolve("dnsmasq.log");
        this.process = process;
    }

    /** Starts dnsmasq in the namespace, listening on the address; skips the calling test if dnsmasq is missing. */
    static DnsServer start(String namespace, String listenAddress, String name, List<String> addresses) {
        Path binary = Path.of("/usr/sbin/dnsmasq");
        Assumptions.assumeTrue(Files.isExecutable(binary), "seed scenarios skipped: no " + binary
                + " (apt-get install dnsmasq-base; .ci/run does)");
        try {
            Path directory = Files.createTempDirectory("dtest-dns-");
            Path hosts = directory.resolve("hosts");
            Files.writeString(hosts, hostsLines(name, addresses), StandardCharsets.US_ASCII);
            Path log = directory.resolve("dnsmasq.log");
            // --user=root: dnsmasq would otherwise drop to 'nobody', which may not read the temporary directory.
            Process process = new ProcessBuilder("ip", "netns", "exec", namespace, binary.toString(), "--no-daemon",
                    "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--addn-hosts=" + hosts,
                    "--listen-address=" + listenAddress, "--bind-interfaces", "--local-ttl=1", "--user=root",
                    "--pid-file=" + directory.resolve("dnsmasq.pid"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            DnsServer server = new DnsServer(name, directory, process);
            server.awaitReads(1);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dnsmasq in " + namespace, e);
        }
    }

    private static String hostsLines(String name, List<String> addresses) {
        return addresses.stream().map(a -> a + " " + name + "\n").collect(Collectors.joining());
    }

    /** From now on the name resolves to these addresses (none: the name has no records). */
    void answer(List<String> addresses) {
        int readsBefore = reads();
        try {
            Files.writeString(hostsFile, hostsLines(name, addresses), StandardCharsets.US_ASCII);
            int exit = new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -HUP of dnsmasq (" + process.pid() + ") failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the DNS answer of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing the DNS answer of " + name, e);
        }
        awaitReads(readsBefore + 1);
    }

    /** Waits until dnsmasq has logged reading the hosts file that many times: the answer then holds. */
    private void awaitReads(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with " + process.exitValue() + ": " + logText());
            }
            return reads() >= count;
        });
    }

    private int reads() {
        return (int) logText().lines().filter(l -> l.contains("read " + hostsFile)).count();
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops dnsmasq and deletes its files. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
