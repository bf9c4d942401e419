package dev.discovery.spring.master;

import dev.discovery.MasterWork;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.util.function.SingletonSupplier;

/** Lets a {@link MasterOnly} method run only on the leader; elsewhere the call returns at once. */
final class MasterOnlyInterceptor implements MethodInterceptor {

    /** Looked up on the first call, as the proxies exist before the node does; absent when discovery is off. */
    private final SingletonSupplier<MasterWork> work;

    MasterOnlyInterceptor(SingletonSupplier<MasterWork> work) {
        this.work = work;
    }

    /** The index of the parameter marked {@link MasterOnly.Term}, or -1. */
    private static int termParameter(Method method) {
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof MasterOnly.Term) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        MasterWork current = work.get();
        if (current != null) {
            int term = termParameter(invocation.getMethod());
            Object[] arguments = invocation.getArguments();
            current.runIfLeader(lead -> {
                if (term >= 0) {
                    arguments[term] = lead;
                }
                invocation.proceed();
            });
        }
        return null; // the method returns void; without a node, no node leads
    }
}
