package dev.discovery.spring.master;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method, without parameters, called when this node stops being the leader or the application stops,
 * after every master-only call still running has returned. When it returns, the work must have stopped: this node
 * starts it again ({@link OnMasterStart}) only afterwards.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnMasterStop {
}
