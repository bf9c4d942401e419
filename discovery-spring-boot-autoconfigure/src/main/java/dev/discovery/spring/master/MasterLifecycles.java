package dev.discovery.spring.master;

import dev.discovery.spring.node.DiscoveryStartupException;
import dev.discovery.MasterLifecycle;
import dev.discovery.MasterWork;
import dev.discovery.spring.internal.AnnotatedMethods;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.Lifecycle;
import org.springframework.context.Phased;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.OrderUtils;

/**
 * Registers with the {@link MasterWork} every bean that runs only on the leader: {@link MasterOnly} lifecycles, beans
 * with {@link OnMasterStart} / {@link OnMasterStop} methods, and {@link MasterLifecycle} beans. They are registered
 * once every singleton exists, sorted as Spring orders lifecycles (phase, else order, else 0; then creation order), so
 * they start in that order and stop in reverse; a bean created later is added at the end.
 */
final class MasterLifecycles implements BeanPostProcessor, SmartInitializingSingleton {

    private record Entry(int position, MasterLifecycle lifecycle) {
    }

    private final ObjectProvider<MasterWork> work;
    private final List<Entry> pending = new ArrayList<>(); // guarded by this, until the singletons exist
    private boolean registered;

    MasterLifecycles(ObjectProvider<MasterWork> work) {
        this.work = work;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        MasterLifecycle lifecycle = lifecycleOf(bean, beanName);
        if (lifecycle != null) {
            add(new Entry(position(bean), lifecycle));
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Entry> entries;
        synchronized (this) {
            registered = true;
            entries = new ArrayList<>(pending);
            pending.clear();
        }
        entries.sort(Comparator.comparingInt(Entry::position)); // stable: creation order within a position
        entries.forEach(entry -> register(entry.lifecycle()));
    }

    private void add(Entry entry) {
        synchronized (this) {
            if (!registered) {
                pending.add(entry);
                return;
            }
        }
        register(entry.lifecycle());
    }

    /** Without a node (discovery disabled) no node leads, and the lifecycle never starts. */
    private void register(MasterLifecycle lifecycle) {
        work.ifAvailable(masterWork -> masterWork.register(lifecycle));
    }

    private static @Nullable MasterLifecycle lifecycleOf(Object bean, String beanName) {
        if (bean instanceof MasterLifecycle lifecycle) {
            return lifecycle;
        }
        Class<?> type = AopUtils.getTargetClass(bean);
        if (AnnotatedElementUtils.hasAnnotation(type, MasterOnly.class)) {
            if (!(bean instanceof Lifecycle lifecycle)) {
                throw new DiscoveryStartupException("Bean '" + beanName + "' (" + type.getName() + ") is @MasterOnly"
                        + " but not a Lifecycle: on a class, @MasterOnly starts and stops a Lifecycle bean with the"
                        + " lead.", "Implement Lifecycle, or put @MasterOnly on the methods that must run on the"
                        + " leader.", null);
            }
            if (lifecycle instanceof SmartLifecycle smart && smart.isAutoStartup()) {
                throw new DiscoveryStartupException("Bean '" + beanName + "' (" + type.getName() + ") is @MasterOnly"
                        + " but its isAutoStartup() returns true, so Spring would start it on every node.",
                        "Return false from isAutoStartup(): the leader alone starts it.", null);
            }
            return new Adapter("bean '" + beanName + "'", lifecycle::start, lifecycle::stop);
        }
        List<Method> starts = new ArrayList<>();
        List<Method> stops = new ArrayList<>();
        AnnotatedMethods.forEach(bean, OnMasterStart.class, (method, annotation) -> starts.add(checked(method)));
        AnnotatedMethods.forEach(bean, OnMasterStop.class, (method, annotation) -> stops.add(checked(method)));
        if (starts.isEmpty() && stops.isEmpty()) {
            return null;
        }
        return new Adapter("bean '" + beanName + "'", () -> starts.forEach(m -> AnnotatedMethods.invoke(bean, m)),
                () -> stops.forEach(m -> AnnotatedMethods.invoke(bean, m)));
    }

    private static Method checked(Method method) {
        if (method.getParameterCount() != 0) {
            throw new DiscoveryStartupException("@OnMasterStart/@OnMasterStop method " + method + " takes parameters;"
                    + " it is called with none.", "Remove its parameters; inject what it needs into its bean.", null);
        }
        return method;
    }

    /** Where Spring would put the bean among lifecycles: its phase, else its order, else 0. */
    private static int position(Object bean) {
        if (bean instanceof Phased phased) {
            return phased.getPhase();
        }
        if (bean instanceof Ordered ordered) {
            return ordered.getOrder();
        }
        Integer order = OrderUtils.getOrder(AopUtils.getTargetClass(bean));
        return order != null ? order : 0;
    }

    private record Adapter(String name, Runnable onStart, Runnable onStop) implements MasterLifecycle {

        @Override
        public void start() {
            onStart.run();
        }

        @Override
        public void stop() {
            onStop.run();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
