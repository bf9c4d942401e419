package dev.discovery.internal.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson turns a number with a fraction into an integer type by dropping the fraction: {@code 1.5} into a
 * {@code long} field gives 1. A typed payload or advertisement must not change silently, so an integer type takes a
 * number with a fraction only when the fraction is zero ({@code 2.0} from a Java peer); otherwise the conversion fails,
 * as one out of the type's range already does.
 */
final class ExactIntegers extends ValueDeserializerModifier {

    private static final Set<Class<?>> INTEGERS = Set.of(long.class, Long.class, int.class, Integer.class,
            short.class, Short.class, byte.class, Byte.class, BigInteger.class);

    static JacksonModule module() {
        return new SimpleModule("exact-integers").setDeserializerModifier(new ExactIntegers());
    }

    @Override
    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
            ValueDeserializer<?> deserializer) {
        return INTEGERS.contains(description.getBeanClass()) ? new Exact(deserializer) : deserializer;
    }

    private static final class Exact extends DelegatingDeserializer {

        Exact(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new Exact(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT && !whole(parser.getNumberValue())) {
                throw InvalidFormatException.from(parser, "Cannot convert " + parser.getNumberValue() + " to "
                        + handledType().getName() + " without losing its fraction", parser.getNumberValue(),
                        handledType());
            }
            return super.deserialize(parser, context);
        }

        private static boolean whole(Number number) {
            if (number instanceof BigDecimal decimal) {
                return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
            }
            double value = number.doubleValue();
            return Math.rint(value) == value;
        }
    }
}
