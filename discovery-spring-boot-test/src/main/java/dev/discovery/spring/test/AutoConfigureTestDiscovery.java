package dev.discovery.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * How a Spring test's discovery node meets the network. Without this annotation every test context of an application
 * that has {@code discovery-spring-boot-test} on its test class path behaves as {@code @AutoConfigureTestDiscovery}:
 * its node is on an in-memory {@link TestDiscoveryNetwork} in real time; no socket is opened and no datagram leaves
 * the test. On a test slice ({@code @WebMvcTest}...) the annotation also adds discovery's auto-configuration.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureTestDiscovery(time = Time.VIRTUAL)
 * class FailoverTests { @Autowired TestDiscoveryNetwork network; ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureTestDiscovery {

    /** Which network the node uses. */
    Network network() default Network.IN_MEMORY;

    /** How time passes on an in-memory network. */
    Time time() default Time.REAL;

    enum Network {
        /** An in-memory network of the test context's own, with its {@link TestDiscoveryNetwork} bean. */
        IN_MEMORY,
        /**
         * Real UDP, sent only to the loopback broadcast address 127.255.255.255 whatever the application configures
         * (broadcast, multicast or unicast); the configured port, keys and timings apply.
         */
        LOOPBACK,
        /** Real UDP exactly as the application configures it: the test joins whatever network that reaches. */
        CONFIGURED
    }

    enum Time {
        /** The network's clock follows the wall clock. */
        REAL,
        /** The network's clock moves only when the test advances it ({@link TestDiscoveryNetwork#advance}). */
        VIRTUAL
    }
}
