package dev.discovery.spring.master;

import dev.discovery.MasterWork;
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

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        MasterWork current = work.get();
        if (current != null) {
            current.runIfLeader(invocation::proceed);
        }
        return null; // the method returns void; without a node, no node leads
    }
}
