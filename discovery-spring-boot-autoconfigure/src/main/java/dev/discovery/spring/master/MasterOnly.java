package dev.discovery.spring.master;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Work that runs on one instance of this application's service only: the service's leader (see
 * {@link dev.discovery.MasterWork}). It is chosen among the instances of the service ({@code discovery.service.name})
 * that have master-only work, not among every node on the port: the cluster-wide master of node-discover's model
 * ({@code Discovery.isMaster()}, {@code PromotedEvent}) may be an instance of another service.
 *
 * <p><b>On a method</b>, typically a {@code @Scheduled} one: the method runs only while this node is the leader. On
 * every other node a call returns at once without running, counted in the meter
 * {@code discovery.master.only.calls{result=skipped}}. The method must return {@code void}, and it is reached through a
 * proxy, so it must not be private, final or static, and a call from the same object does not go through the check.
 * When this node stops being the leader, the calls still running are waited for before the master-only lifecycles
 * stop.
 *
 * <pre>{@code
 * @Scheduled(fixedDelay = 60_000)
 * @MasterOnly
 * void dailyReport() { ... }
 * }</pre>
 *
 * <p>A parameter marked {@link Term} receives the term of the lead the call runs in, whatever the caller passed: hand
 * it to what the method writes, so that a store refuses writes of an older lead
 * ({@code UPDATE report SET body = ?, term = ? WHERE id = ? AND term <= ?}). A {@code @Scheduled} method takes no
 * parameters: it reads {@code masterWork.term()} instead.
 *
 * <p><b>On a bean class implementing {@link org.springframework.context.Lifecycle}</b>: the bean is started when this
 * node becomes the leader and stopped when it stops being the leader or the application stops. A
 * {@link org.springframework.context.SmartLifecycle} must return false from {@code isAutoStartup()}, so that Spring
 * does not also start it on every node (as for Spring Integration's role-controlled endpoints).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MasterOnly {

    /** On a {@code long} parameter of a master-only method: filled with the term of the lead the call runs in. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Term {
    }
}
