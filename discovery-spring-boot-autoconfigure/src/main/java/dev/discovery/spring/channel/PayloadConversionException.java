package dev.discovery.spring.channel;

/**
 * A channel message's payload does not convert to a listener's parameter type. Without a stack trace: it is thrown
 * once per such datagram, and the fault lies in the message.
 */
final class PayloadConversionException extends RuntimeException {

    PayloadConversionException(Class<?> type, IllegalArgumentException cause) {
        super("its payload does not convert to " + type.getName() + ": " + cause.getMessage(), null, false, false);
    }
}
