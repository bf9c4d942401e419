package dev.discovery.cloudtests;

import dev.discovery.Discovery;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the applications of one test in this JVM, all on loopback: HTTP on 127.0.0.1 with free ports, discovery on a
 * UDP port of the test's own (so that tests never see each other) with timings a loaded 2-core machine keeps up with.
 * Closes whatever is still running at the end.
 */
final class Apps implements AutoCloseable {

    private final int discoveryPort = freeUdpPort();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** A web application offering the service "callee" ({@link CalleeApplication}). */
    ConfigurableApplicationContext callee(String... properties) {
        return start(CalleeApplication.class, WebApplicationType.SERVLET, concat(properties,
                "spring.application.name=callee"));
    }

    /** A consumer only, calling "callee" through load-balanced clients ({@link CallerApplication}). */
    ConfigurableApplicationContext caller(String... properties) {
        return start(CallerApplication.class, WebApplicationType.NONE, concat(properties,
                "spring.application.name=caller", "discovery.registration.enabled=false"));
    }

    /**
     * A {@link CalleeApplication} in a JVM of its own, which the test can kill with SIGKILL
     * ({@link Process#destroyForcibly()}); it is killed at the end if still running. Its output goes to the test's.
     */
    Process calleeProcess(String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CalleeApplication.class.getName()));
        for (String property : properties(concat(properties, "spring.application.name=callee"))) {
            command.add("--" + property);
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        synchronized (started) {
            processes.add(process);
        }
        return process;
    }

    ConfigurableApplicationContext start(Class<?> application, WebApplicationType type, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).web(type)
                .properties(properties(properties).toArray(String[]::new)).run();
        synchronized (started) {
            started.add(context);
        }
        return context;
    }

    private List<String> properties(String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "discovery.broadcast=127.255.255.255",
                "discovery.port=" + discoveryPort,
                "discovery.host-name=loopback-test",
                "discovery.hello-interval=200ms",
                "discovery.check-interval=500ms",
                "discovery.node-timeout=1500ms",
                "server.address=127.0.0.1",
                "server.port=0",
                "spring.main.banner-mode=off",
                // Gateway's server is for the gateway application only.
                "spring.cloud.gateway.server.webflux.enabled=false"));
        all.addAll(Arrays.asList(properties));
        return all;
    }

    /** The instance ids of the applications running in this JVM. */
    List<String> inProcessIds() {
        synchronized (started) {
            return started.stream().filter(ConfigurableApplicationContext::isActive).map(Apps::instanceId).toList();
        }
    }

    static int httpPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port", Integer.class);
    }

    /** The instance id Spring Cloud sees: the id of the application's discovery node. */
    static String instanceId(ConfigurableApplicationContext context) {
        return context.getBean(Discovery.class).id();
    }

    @Override
    public void close() {
        synchronized (started) {
            started.forEach(ConfigurableApplicationContext::close);
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static String[] concat(String[] first, String... second) {
        List<String> all = new ArrayList<>(Arrays.asList(second));
        all.addAll(Arrays.asList(first)); // the caller's own properties win
        return all.toArray(String[]::new);
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
