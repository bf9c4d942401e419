package dev.discovery.cloudtests;

import dev.discovery.Discovery;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    ConfigurableApplicationContext start(Class<?> application, WebApplicationType type, String... properties) {
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
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).web(type)
                .properties(all.toArray(String[]::new)).run();
        synchronized (started) {
            started.add(context);
        }
        return context;
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
