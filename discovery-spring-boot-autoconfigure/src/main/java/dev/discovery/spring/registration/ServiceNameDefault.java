package dev.discovery.spring.registration;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code spring.application.name} the default of {@code discovery.service.name}, as Spring Cloud registries do,
 * unless registration is off. It is the last property source: any other setting of the name wins.
 */
class ServiceNameDefault implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "discoveryServiceNameDefault";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean registering = environment.getProperty("discovery.registration.enabled", Boolean.class, true)
                && ServiceRegistration.springCloudAllows(environment);
        if (registering && environment.containsProperty("spring.application.name")) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME,
                    Map.of("discovery.service.name", "${spring.application.name}")));
        }
    }

    /** After the configuration files are loaded, so that they can turn registration off. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
