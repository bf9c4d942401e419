package dev.discovery.spring.master;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Work that runs on one node of the cluster only: the leader, the first of the masters (with
 * {@code discovery.masters-required} 1, simply the master; see {@link dev.discovery.MasterWork}).
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
 * <p><b>On a bean class implementing {@link org.springframework.context.Lifecycle}</b>: the bean is started when this
 * node becomes the leader and stopped when it stops being the leader or the application stops. A
 * {@link org.springframework.context.SmartLifecycle} must return false from {@code isAutoStartup()}, so that Spring
 * does not also start it on every node (as for Spring Integration's role-controlled endpoints).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MasterOnly {
}
