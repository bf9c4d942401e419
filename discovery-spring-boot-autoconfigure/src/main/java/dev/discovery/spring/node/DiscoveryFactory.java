package dev.discovery.spring.node;

import dev.discovery.Discovery;
import dev.discovery.DiscoveryOptions;

/**
 * Creates the auto-configured {@link Discovery} from the options the {@code discovery.*} properties give. The starter's
 * own factory puts the node on real UDP sockets ({@link Discovery#Discovery(DiscoveryOptions)}); a bean of this type
 * replaces it, which is how {@code discovery-spring-boot-test} puts every test's node on an in-memory network. A
 * {@link Discovery} bean of your own can take this factory too, so that tests can replace its network as well.
 */
@FunctionalInterface
public interface DiscoveryFactory {

    Discovery create(DiscoveryOptions options);
}
