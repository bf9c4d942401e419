package dev.discovery.spring.test;

import dev.discovery.spring.test.AutoConfigureTestDiscovery.Network;
import dev.discovery.spring.test.AutoConfigureTestDiscovery.Time;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}, so that every Spring test context, annotated or not, gets the
 * network {@link AutoConfigureTestDiscovery} says: in memory unless the test class (or an enclosing one) says
 * otherwise.
 */
class DiscoveryTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureTestDiscovery annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureTestDiscovery.class);
        return annotation == null ? new DiscoveryTestContextCustomizer(Network.IN_MEMORY, Time.REAL)
                : new DiscoveryTestContextCustomizer(annotation.network(), annotation.time());
    }
}
