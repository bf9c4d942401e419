package dev.discovery.spring.node;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Checks the {@code discovery.*} keys before any bean is created, for either backend: see
 * {@link UnknownPropertyCheck}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "discovery.enabled", matchIfMissing = true)
public final class UnknownPropertyCheckAutoConfiguration {

    /** A bean factory post-processor: it runs before the node or anything else of discovery exists. */
    @Bean
    static BeanFactoryPostProcessor discoveryUnknownPropertyCheck(Environment environment) {
        return beanFactory -> UnknownPropertyCheck.check(environment, beanFactory.getBeanClassLoader());
    }
}
