package dev.discovery.spring.channel;

import dev.discovery.spring.node.DiscoveryStartupException;
import dev.discovery.ChannelMessage;
import dev.discovery.Discovery;
import dev.discovery.Node;
import dev.discovery.ServiceDiscovery;
import dev.discovery.spring.internal.AnnotatedMethods;
import dev.discovery.spring.internal.UniqueServiceDiscovery;
import dev.discovery.spring.node.DiscoveryEventPublisher;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Subscribes every {@link ChannelListener} method of every bean to its channel, after the handler that publishes the
 * channel's messages as application events.
 */
public final class ChannelListenerProcessor implements BeanPostProcessor {

    private final ObjectProvider<ServiceDiscovery> services;
    private final ObjectProvider<DiscoveryEventPublisher> events;
    private final ObjectProvider<UnconvertiblePayloads> unconvertible;
    private final Environment environment;

    public ChannelListenerProcessor(ObjectProvider<ServiceDiscovery> services, ObjectProvider<DiscoveryEventPublisher> events,
            ObjectProvider<UnconvertiblePayloads> unconvertible, Environment environment) {
        this.services = services;
        this.events = events;
        this.unconvertible = unconvertible;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        AnnotatedMethods.forEach(bean, ChannelListener.class, (method, annotation) -> {
            String channel = environment.resolveRequiredPlaceholders(annotation.value());
            Discovery discovery = UniqueServiceDiscovery.of(services, "@ChannelListener on " + method).discovery();
            events.ifAvailable(publisher -> publisher.publishMessagesOf(discovery, channel));
            discovery.subscribe(channel, listener(bean, method));
        });
        return bean;
    }

    private static Object payload(ChannelMessage message, Class<?> type) {
        try {
            return message.payload(type);
        } catch (IllegalArgumentException e) {
            throw new PayloadConversionException(type, e);
        }
    }

    /**
     * A listener calling the method with the arguments its parameter types ask for. A payload that does not convert is
     * the message's fault, not the method's: it is counted and logged without a stack trace, at most once per interval.
     */
    private Consumer<ChannelMessage> listener(Object bean, Method method) {
        Class<?>[] types = method.getParameterTypes();
        @SuppressWarnings("unchecked")
        Function<ChannelMessage, Object>[] arguments = new Function[types.length];
        boolean payloadSeen = false;
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            if (type == ChannelMessage.class) {
                arguments[i] = message -> message;
            } else if (type == Node.class) {
                arguments[i] = ChannelMessage::sender;
            } else if (!payloadSeen) {
                payloadSeen = true;
                arguments[i] = type == Object.class ? ChannelMessage::payload : message -> payload(message, type);
            } else {
                throw new DiscoveryStartupException("@ChannelListener method " + method + " has two payload "
                        + "parameters.", "Take one payload parameter, and optionally a ChannelMessage and a Node.", null);
            }
        }
        Consumer<ChannelMessage> call = message -> {
            Object[] args = new Object[arguments.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = arguments[i].apply(message);
            }
            AnnotatedMethods.invoke(bean, method, args);
        };
        return message -> {
            try {
                call.accept(message);
            } catch (PayloadConversionException e) {
                UnconvertiblePayloads payloads = unconvertible.getIfAvailable();
                if (payloads == null) {
                    throw e;
                }
                payloads.record(message, e);
            }
        };
    }
}
