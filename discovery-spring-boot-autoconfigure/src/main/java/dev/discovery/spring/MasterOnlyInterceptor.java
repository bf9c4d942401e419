package dev.discovery.spring;

import dev.discovery.MasterWork;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.util.function.SingletonSupplier;

/** Lets a {@link MasterOnly} method run only on the leader; elsewhere the call returns at once. */
final class MasterOnlyInterceptor implements MethodInterceptor {

    /** Looked up once, on the first call: the proxies exist before the node does. */
    private final SingletonSupplier<MasterWork> work;

    MasterOnlyInterceptor(SingletonSupplier<MasterWork> work) {
        this.work = work;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        work.obtain().runIfLeader(invocation::proceed);
        return null; // the method returns void
    }
}
