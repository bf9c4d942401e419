package dev.discovery.spring.channel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives the messages of a discovery channel; the application joins the channel. The
 * method's parameters may be, in any order: a {@link dev.discovery.ChannelMessage}, the sending
 * {@link dev.discovery.Node}, and one more parameter of any other type, which receives the payload converted to that
 * type (for example a record with the fields the sender put in). Methods run on the node's event thread, one message
 * at a time; an exception is logged and does not stop later messages.
 *
 * <pre>{@code
 * @ChannelListener("orders")
 * void onOrder(Order order, Node sender) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChannelListener {

    /** The channel name; {@code ${...}} placeholders are resolved. */
    String value();
}
