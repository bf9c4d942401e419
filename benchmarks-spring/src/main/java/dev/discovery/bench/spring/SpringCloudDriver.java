package dev.discovery.bench.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Plain-Java driver of the Spring Cloud side by side: starts the callees, two callers (load balancer retry off and
 * on) and, for Eureka, the registry, each a JVM of its own; restarts every callee gracefully one after the other, then
 * kills one with SIGKILL; then reads the callers' request logs and prints what each caller saw.
 *
 * <p>Arguments: {@code discovery|eureka}, then optional {@code --rate N} (requests per second per caller, 200),
 * {@code --settle S} (seconds to watch after the rolling restart and after the kill; 10 for discovery, 100 for Eureka,
 * whose caches hold a stopped instance for up to about 95 s), {@code --out DIR}.
 */
public final class SpringCloudDriver {

    private static final long FIRST_TRAFFIC_BOUND_MS = 150_000;

    private final String registry;
    private final Path jar;
    private final Path out;
    private final int rate;
    private final long settleMs;
    private final List<Event> events = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private int eurekaPort;
    private int udpPort;

    private SpringCloudDriver(String registry, Path jar, Path out, int rate, long settleMs) {
        this.registry = registry;
        this.jar = jar;
        this.out = out;
        this.rate = rate;
        this.settleMs = settleMs;
    }

    /** Something the driver did to a callee, at a time on the clock the callers log with. */
    record Event(String what, int port, long at, long upAt) {
    }

    /** A running callee. */
    record Callee(int port, Process process) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("discovery") || args[0].equals("eureka"))) {
            System.err.println("Usage: SpringCloudDriver discovery|eureka [--rate N] [--settle SECONDS] [--out DIR]"
                    + " (with -Dbench.jar=path/to/benchmarks-spring.jar)");
            System.exit(2);
        }
        String registry = args[0];
        int rate = 200;
        long settle = registry.equals("eureka") ? 100 : 10;
        Path out = Path.of("benchmarks-spring/target/run-" + registry);
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--settle" -> settle = Long.parseLong(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        Files.createDirectories(out);
        Path jar = Path.of(System.getProperty("bench.jar", "benchmarks-spring/target/benchmarks-spring-0.1.0-SNAPSHOT.jar"));
        SpringCloudDriver driver = new SpringCloudDriver(registry, jar, out, rate, settle * 1000);
        Runtime.getRuntime().addShutdownHook(new Thread(driver::stopAll));
        driver.run();
    }

    private void run() throws Exception {
        udpPort = freeUdpPort();
        long t0 = System.currentTimeMillis();
        if (registry.equals("eureka")) {
            eurekaPort = freeTcpPort();
            launch("eureka", List.of("--bench.role=eureka", "--server.port=" + eurekaPort,
                    "--eureka.client.enabled=true", "--eureka.client.register-with-eureka=false",
                    "--eureka.client.fetch-registry=false",
                    // Its own address as the zone's server, as a standalone server is set up: no peer to replicate to.
                    "--eureka.client.service-url.defaultZone=http://127.0.0.1:" + eurekaPort + "/eureka/",
                    "--eureka.instance.hostname=127.0.0.1"));
            awaitHttp(eurekaPort, "/eureka/apps", 120_000);
            log("Eureka server up on 127.0.0.1:%d", eurekaPort);
        }
        List<Callee> callees = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callees.add(startCallee("callee-" + i));
        }
        Path[] logs = {out.resolve("requests-retry-off.csv"), out.resolve("requests-retry-on.csv")};
        launch("caller-retry-off", callerArgs("caller-retry-off", false, logs[0]));
        launch("caller-retry-on", callerArgs("caller-retry-on", true, logs[1]));
        for (Callee callee : callees) {
            for (Path requestLog : logs) {
                awaitTraffic(requestLog, callee.port(), System.currentTimeMillis() - 1, FIRST_TRAFFIC_BOUND_MS + 60_000);
            }
        }
        log("Callers reach all three callees (%.0f s after the first JVM started)", (System.currentTimeMillis() - t0) / 1e3);
        Thread.sleep(3000);

        long rollingStart = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            Callee old = callees.get(i);
            Callee fresh = startCallee("callee-" + (i + 3));
            Event started = events.get(events.size() - 1);
            awaitTraffic(logs[0], fresh.port(), started.at(), FIRST_TRAFFIC_BOUND_MS);
            events.add(new Event("stop", old.port(), System.currentTimeMillis(), 0));
            old.process().destroy();
            if (!old.process().waitFor(60, TimeUnit.SECONDS)) {
                log("callee on %d did not stop within 60 s", old.port());
            }
            log("callee %d replaced by %d", old.port(), fresh.port());
            callees.set(i, fresh);
        }
        Thread.sleep(settleMs);

        long killStart = System.currentTimeMillis();
        Callee victim = callees.get(0);
        events.add(new Event("kill", victim.port(), killStart, 0));
        victim.process().destroyForcibly();
        log("callee %d killed (SIGKILL)", victim.port());
        Thread.sleep(settleMs);
        long end = System.currentTimeMillis();
        stopAll();
        Thread.sleep(1000);

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%s, %d requests/s per caller, load average %s%n", registry, rate,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        for (Path requestLog : logs) {
            RequestLog requests = RequestLog.read(requestLog);
            report.append(requests.report(requestLog.getFileName().toString(), events, rollingStart, killStart, end));
        }
        report.append(outOfEveryTable(victim.port(), killStart));
        System.out.print(report);
        Files.writeString(out.resolve("report.txt"), report);
    }

    private List<String> callerArgs(String name, boolean retry, Path requestLog) {
        List<String> args = new ArrayList<>(List.of("--bench.role=caller", "--spring.application.name=caller",
                "--server.port=0", "--bench.rate=" + rate, "--bench.log=" + requestLog.toAbsolutePath(),
                "--spring.cloud.loadbalancer.retry.enabled=" + retry));
        args.addAll(registryArgs());
        if (registry.equals("discovery")) {
            args.add("--discovery.registration.enabled=false");
        } else {
            // Eureka's default instance id is host:name:port, and both callers have port 0.
            args.add("--eureka.instance.instance-id=" + name);
        }
        return args;
    }

    private List<String> registryArgs() {
        if (registry.equals("discovery")) {
            return List.of("--discovery.enabled=true", "--discovery.cloud.enabled=true",
                    "--discovery.broadcast=127.255.255.255", "--discovery.port=" + udpPort);
        }
        // Addresses only: every timing of client and server stays at its default. The server's Jersey is on this
        // jar's class path; a client application has none and talks to the server through RestClient, as here.
        return List.of("--eureka.client.enabled=true", "--eureka.client.jersey.enabled=false",
                "--eureka.client.service-url.defaultZone=http://127.0.0.1:" + eurekaPort + "/eureka/",
                "--eureka.instance.prefer-ip-address=true", "--eureka.instance.ip-address=127.0.0.1",
                "--eureka.instance.hostname=127.0.0.1");
    }

    private Callee startCallee(String name) throws Exception {
        int port = freeTcpPort();
        List<String> args = new ArrayList<>(List.of("--bench.role=callee", "--spring.application.name=callee",
                "--server.port=" + port));
        args.addAll(registryArgs());
        long launched = System.currentTimeMillis();
        Process process = launch(name, args);
        awaitHttp(port, "/work", 120_000);
        long up = System.currentTimeMillis();
        events.add(new Event("start", port, launched, up));
        log("%s answering on %d, %.1f s after launch", name, port, (up - launched) / 1e3);
        return new Callee(port, process);
    }

    /**
     * When the killed callee was out of the table of every JVM still running (the callers and the other callees), from
     * the lines {@link NodeRemovals} wrote to their logs.
     */
    private String outOfEveryTable(int port, long killedAt) throws IOException {
        List<String> reasons = new ArrayList<>();
        long last = 0;
        int nodes = 0;
        try (var files = Files.list(out)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(log)) {
                    int at = line.indexOf(NodeRemovals.PREFIX + "port=" + port + " ");
                    if (at >= 0) {
                        String[] fields = line.substring(at + NodeRemovals.PREFIX.length()).split(" ");
                        long when = Long.parseLong(fields[2].substring("at=".length()));
                        if (when >= killedAt) {
                            nodes++;
                            last = Math.max(last, when);
                            reasons.add(fields[1].substring("reason=".length()));
                        }
                    }
                }
            }
        }
        return String.format(Locale.ROOT, "kill -9: the dead callee out of the table of %d nodes after %d ms (%s)%n",
                nodes, last - killedAt, String.join(", ", reasons));
    }

    private Process launch(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Ddiscovery.allowedDestinations=127.0.0.0/8", "-jar", jar.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private void stopAll() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void awaitHttp(int port, String path, long boundMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + boundMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
                        .toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Nothing answered on 127.0.0.1:" + port + path + " within " + boundMs + " ms");
    }

    /** Waits until the caller's log shows a request sent to the port at or after the given time. */
    private static void awaitTraffic(Path requestLog, int port, long since, long boundMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + boundMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(requestLog) && RequestLog.read(requestLog).firstAttempt(port, since) >= 0) {
                return;
            }
            // Coarse on purpose: the log is read whole, and when the first request came is read from it afterwards.
            Thread.sleep(1000);
        }
        log("no traffic to %d within %d s: going on", port, boundMs / 1000);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
