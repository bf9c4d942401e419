package dev.discovery.spring.needs;

import dev.discovery.spring.node.DiscoveryStartupException;
import dev.discovery.ServiceDiscovery;
import dev.discovery.ServiceInstance;
import dev.discovery.SetupHook;
import dev.discovery.spring.internal.AnnotatedMethods;
import dev.discovery.spring.internal.UniqueServiceDiscovery;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/** Registers every {@link ServiceSetup} method of every bean as a setup hook of its service. */
public final class ServiceSetupProcessor implements BeanPostProcessor {

    private final ObjectProvider<ServiceDiscovery> services;
    private final Environment environment;

    public ServiceSetupProcessor(ObjectProvider<ServiceDiscovery> services, Environment environment) {
        this.services = services;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        AnnotatedMethods.forEach(bean, ServiceSetup.class, (method, annotation) -> {
            String service = environment.resolveRequiredPlaceholders(annotation.value());
            UniqueServiceDiscovery.of(services, "@ServiceSetup on " + method).setup(service, hook(bean, method));
        });
        return bean;
    }

    private static SetupHook hook(Object bean, Method method) {
        boolean returnsStage = CompletionStage.class.isAssignableFrom(method.getReturnType());
        if (!Arrays.equals(method.getParameterTypes(), new Class<?>[] {ServiceInstance.class})
                || !(returnsStage || method.getReturnType() == void.class)) {
            throw new DiscoveryStartupException("@ServiceSetup method " + method + " does not take one "
                    + "ServiceInstance and return a CompletionStage or void.", "Declare it as "
                    + "CompletionStage<?> name(ServiceInstance instance), or void name(ServiceInstance instance).", null);
        }
        return instance -> {
            Object result = AnnotatedMethods.invoke(bean, method, instance);
            return returnsStage ? (CompletionStage<?>) result : CompletableFuture.completedFuture(null);
        };
    }
}
