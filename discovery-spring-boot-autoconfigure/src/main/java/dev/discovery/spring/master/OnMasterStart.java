package dev.discovery.spring.master;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method, without parameters, called when this node becomes the leader (see {@link MasterOnly}); its
 * counterpart is {@link OnMasterStop}. It runs on the discovery's event thread: start the work and return.
 *
 * <pre>{@code
 * @OnMasterStart
 * void openConsumer() { consumer = queue.subscribe(this::handle); }
 *
 * @OnMasterStop
 * void closeConsumer() { consumer.close(); }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnMasterStart {
}
