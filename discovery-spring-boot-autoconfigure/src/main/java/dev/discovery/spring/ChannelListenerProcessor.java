package dev.discovery.spring;

import dev.discovery.ChannelMessage;
import dev.discovery.Node;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/** Subscribes every {@link ChannelListener} method of every bean to its channel. */
final class ChannelListenerProcessor implements BeanPostProcessor {

    private final ObjectProvider<ChannelSubscriptions> subscriptions;
    private final Environment environment;

    ChannelListenerProcessor(ObjectProvider<ChannelSubscriptions> subscriptions, Environment environment) {
        this.subscriptions = subscriptions;
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        AnnotatedMethods.forEach(bean, ChannelListener.class, (method, annotation) -> {
            String channel = environment.resolveRequiredPlaceholders(annotation.value());
            subscriptions.getObject().subscribe(channel, listener(bean, method));
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

    /** A listener calling the method with the arguments its parameter types ask for. */
    private static Consumer<ChannelMessage> listener(Object bean, Method method) {
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
                throw new IllegalStateException("@ChannelListener method " + method + " has two payload parameters; "
                        + "it may take one payload, a ChannelMessage and a Node");
            }
        }
        return message -> {
            Object[] args = new Object[arguments.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = arguments[i].apply(message);
            }
            AnnotatedMethods.invoke(bean, method, args);
        };
    }
}
