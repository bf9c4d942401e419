package dev.discovery.spring.test;

import dev.discovery.Discovery;
import dev.discovery.ServiceDiscovery;
import org.springframework.context.ApplicationContext;

/**
 * Entry points of {@link NodeAssert}; import them statically next to AssertJ's, the more specific one is chosen:
 *
 * <pre>{@code
 * assertThat(orders).isMaster().isReady().hasAvailable("billing");
 * assertThatNodeOf(context).isNotReady();    // a test's own application context
 * }</pre>
 */
public final class DiscoveryAssertions {

    private DiscoveryAssertions() {
    }

    /** An application started on a test network. */
    public static NodeAssert assertThat(TestApplication application) {
        return new NodeAssert(application.discovery(), application.services(), application.toString());
    }

    /** A node of a test network (a fake peer, or {@link TestDiscoveryNetwork#node}). */
    public static NodeAssert assertThat(NetworkNode node) {
        return new NodeAssert(node.discovery(), null, node.toString());
    }

    /**
     * The node of an application context, such as a test's own. (Not an {@code assertThat}: Boot's
     * {@code AssertableApplicationContext} is an application context and an AssertJ {@code AssertProvider} both.)
     */
    public static NodeAssert assertThatNodeOf(ApplicationContext context) {
        ServiceDiscovery services = context.getBean(ServiceDiscovery.class);
        return new NodeAssert(services.discovery(), services, "the node of " + context.getDisplayName());
    }

    public static NodeAssert assertThat(ServiceDiscovery services) {
        return new NodeAssert(services.discovery(), services, "node " + services.discovery().id());
    }

    public static NodeAssert assertThat(Discovery discovery) {
        return new NodeAssert(discovery, null, "node " + discovery.id());
    }
}
