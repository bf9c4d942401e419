package dev.discovery.registry;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (Debian's binaries) on a private directory and a free loopback port, started and stopped by
 * the test. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
final class PostgresServer implements AutoCloseable {

    private static final String BIN = "/usr/lib/postgresql/15/bin/";

    private final Path directory;
    final int port;

    PostgresServer() throws IOException, InterruptedException {
        directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "postgres-");
        port = freePort();
        if (isRoot()) {
            run("chown", "postgres", directory.toString());
        }
        runAsOwner(BIN + "initdb", "-D", data(), "-U", "postgres", "--auth=trust", "--no-sync");
        start();
    }

    static boolean available() {
        return new File(BIN + "postgres").canExecute();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    void start() throws IOException, InterruptedException {
        runAsOwner(BIN + "pg_ctl", "-D", data(), "-l", directory.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops at once, as a crash would: clients see their connections broken. */
    void stopImmediately() throws IOException, InterruptedException {
        runAsOwner(BIN + "pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(Path.of(data(), "postmaster.pid"))) {
            stopImmediately();
        }
        run("rm", "-rf", directory.toString());
    }

    private String data() {
        return directory.resolve("data").toString();
    }

    private void runAsOwner(String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>();
        if (isRoot()) {
            all.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        all.addAll(List.of(command));
        run(all.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
