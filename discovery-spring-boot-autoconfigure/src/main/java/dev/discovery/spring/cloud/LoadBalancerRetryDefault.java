package dev.discovery.spring.cloud;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Makes a {@code @LoadBalanced} WebClient retry like the blocking clients do. Spring Cloud LoadBalancer's retry is on by
 * default for {@code RestClient} and {@code RestTemplate} (with Spring Retry, which the starter brings), but its
 * reactive retry filter is there only when {@code spring.cloud.loadbalancer.retry.enabled} is set to true explicitly.
 * This sets it, as the last property source: any setting of the user's wins, {@code false} included.
 */
class LoadBalancerRetryDefault implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "discoveryLoadBalancerRetryDefault";
    static final String RETRY_ENABLED = "spring.cloud.loadbalancer.retry.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean loadBalancer = ClassUtils.isPresent("org.springframework.cloud.client.loadbalancer.LoadBalancerProperties",
                application.getClassLoader());
        if (loadBalancer && environment.getProperty("discovery.cloud.enabled", Boolean.class, true)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(RETRY_ENABLED, "true")));
        }
    }

    /** After the configuration files are loaded, so that their settings win. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
