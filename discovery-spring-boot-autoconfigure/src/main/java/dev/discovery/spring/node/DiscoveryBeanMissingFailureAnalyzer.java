package dev.discovery.spring.node;

import dev.discovery.spring.needs.NeedsService;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.analyzer.AbstractInjectionFailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Explains a missing discovery bean ({@code Discovery}, {@code ServiceDiscovery}, {@code ChannelSender}, a
 * {@link NeedsService} handle...) by its cause, instead of Boot's generic "required a bean that could not be found":
 * discovery turned off with {@code discovery.enabled=false}, the registry backend without Spring Cloud's
 * {@code DiscoveryClient}, or its auto-configuration absent from the context, as in a test slice. Ordered before Boot's own analyzer, and silent about every other missing bean.
 */
class DiscoveryBeanMissingFailureAnalyzer extends AbstractInjectionFailureAnalyzer<NoSuchBeanDefinitionException>
        implements Ordered {

    private static final String DISCOVERY_CLIENT = "org.springframework.cloud.client.discovery.DiscoveryClient";

    private final @Nullable Environment environment;
    private final @Nullable BeanFactory beanFactory;

    DiscoveryBeanMissingFailureAnalyzer(@Nullable Environment environment, @Nullable BeanFactory beanFactory) {
        this.environment = environment;
        this.beanFactory = beanFactory;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause,
            @Nullable String description) {
        Class<?> type = cause.getBeanType();
        if (type == null || !type.getName().startsWith("dev.discovery.")) {
            return null;
        }
        String missing = (description != null ? description : "A component") + " required a bean of type '"
                + type.getName() + "' that could not be found";
        if (environment != null && "false".equalsIgnoreCase(environment.getProperty("discovery.enabled"))) {
            return new FailureAnalysis(missing + ": discovery is turned off (discovery.enabled=false), so none of its "
                    + "beans exist.", "Turn discovery on (remove discovery.enabled=false), or turn off the beans that "
                    + "use it as well: annotate them with @ConditionalOnBooleanProperty(name = \"discovery.enabled\", "
                    + "matchIfMissing = true).", cause);
        }
        if (environment != null && "registry".equalsIgnoreCase(environment.getProperty("discovery.backend"))) {
            if (!ClassUtils.isPresent(DISCOVERY_CLIENT, classLoader())) {
                return new FailureAnalysis(missing + ": discovery.backend=registry, but Spring Cloud's DiscoveryClient "
                        + "is not on the class path, so there is no registry to read and the registry backend is off.",
                        DiscoveryStartupException.ADD_REGISTRY_STARTER, cause);
            }
            return new FailureAnalysis(missing + ": with discovery.backend=registry there is no UDP node, so neither "
                    + "it nor what needs it (channels, ChannelSender, Ownership) exists.", "Use the registry's own "
                    + "means for what needs the UDP node, or set discovery.backend=udp.", cause);
        }
        if (beanFactory instanceof ListableBeanFactory beans && beans.getBeanNamesForType(DiscoveryProperties.class,
                true, false).length > 0) {
            return type.getSimpleName().equals("ServiceHandle")
                    ? new FailureAnalysis(missing + ".", "Inject a ServiceHandle with @NeedsService(\"name\"), which "
                            + "says which service it follows.", cause)
                    : null;
        }
        return new FailureAnalysis(missing + ": discovery's auto-configuration is not part of this application "
                + "context.", "In a test slice such as @WebMvcTest, add @AutoConfigureTestDiscovery (from "
                + "discovery-spring-boot-test), which adds discovery on an in-memory network, or replace the bean with "
                + "@MockitoBean; elsewhere check that DiscoveryAutoConfiguration is not excluded.", cause);
    }

    private @Nullable ClassLoader classLoader() {
        return beanFactory instanceof ConfigurableBeanFactory configurable ? configurable.getBeanClassLoader()
                : getClass().getClassLoader();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
