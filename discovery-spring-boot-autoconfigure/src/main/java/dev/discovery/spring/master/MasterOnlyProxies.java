package dev.discovery.spring.master;

import dev.discovery.MasterWork;
import dev.discovery.spring.node.DiscoveryStartupException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts every bean with {@link MasterOnly} methods behind a proxy that skips them on nodes that are not the leader. It
 * runs before Spring's {@code @Scheduled} support registers the bean's tasks, so that they call the proxy.
 */
final class MasterOnlyProxies extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    MasterOnlyProxies(ObjectProvider<MasterWork> work) {
        this.advisor = new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, MasterOnly.class, true),
                new MasterOnlyInterceptor(SingletonSupplier.ofNullable(work::getIfAvailable)));
        setProxyTargetClass(true); // the bean keeps its class, so it is still injected by it
        setBeforeExistingAdvisors(true);
        setOrder(Ordered.LOWEST_PRECEDENCE - 1); // ScheduledAnnotationBeanPostProcessor is LOWEST_PRECEDENCE
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (AnnotationUtils.isCandidateClass(type, MasterOnly.class)) {
            Set<Method> methods = MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<Boolean>)
                    method -> AnnotatedElementUtils.hasAnnotation(method, MasterOnly.class) ? Boolean.TRUE : null)
                    .keySet();
            methods.forEach(method -> check(method, beanName));
        }
        return super.postProcessAfterInitialization(bean, beanName);
    }

    /** At most one parameter is marked {@link MasterOnly.Term}, and it is a long. */
    private static boolean termParameterFits(Method method) {
        List<Class<?>> marked = Arrays.stream(method.getParameters())
                .filter(p -> p.isAnnotationPresent(MasterOnly.Term.class)).<Class<?>>map(Parameter::getType).toList();
        return marked.isEmpty() || marked.size() == 1 && (marked.get(0) == long.class || marked.get(0) == Long.class);
    }

    private static void check(Method method, String beanName) {
        String name = "@MasterOnly method " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + "() of bean '" + beanName + "'";
        if (method.getReturnType() != void.class) {
            throw new DiscoveryStartupException(name + " returns " + method.getReturnType().getSimpleName()
                    + ", but a master-only method is skipped on the other nodes and so has nothing to return.",
                    "Make it void and publish its result instead (an event, a channel message, a store).", null);
        }
        if (!termParameterFits(method)) {
            throw new DiscoveryStartupException(name + " marks a parameter @MasterOnly.Term that is not the only one"
                    + " or not a long.", "Mark one long parameter @MasterOnly.Term.", null);
        }
        if (Modifier.isPrivate(method.getModifiers()) || Modifier.isFinal(method.getModifiers())
                || Modifier.isStatic(method.getModifiers())) {
            throw new DiscoveryStartupException(name + " is private, final or static, so the proxy that skips it on"
                    + " the other nodes cannot reach it.", "Make it a package-private, protected or public instance"
                    + " method.", null);
        }
    }
}
