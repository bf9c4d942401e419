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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.ArrayType;

/**
 * Jackson turns a number with a fraction into an integer type by dropping the fraction: {@code 1.5} into a
 * {@code long} field gives 1. A typed payload or advertisement must not change silently, so an integer type takes a
 * number with a fraction only when the fraction is zero ({@code 2.0} from a Java peer); otherwise the conversion fails,
 * as one out of the type's range already does. Arrays of a primitive integer type read their elements without the
 * element type's deserializer, so their elements are checked here too.
 */
final class ExactIntegers extends ValueDeserializerModifier {

    private static final Set<Class<?>> INTEGERS = Set.of(long.class, Long.class, int.class, Integer.class,
            short.class, Short.class, byte.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> INTEGER_ARRAYS = Set.of(long[].class, int[].class, short[].class, byte[].class);

    static JacksonModule module() {
        return new SimpleModule("exact-integers").setDeserializerModifier(new ExactIntegers());
    }

    @Override
    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
            ValueDeserializer<?> deserializer) {
        return INTEGERS.contains(description.getBeanClass()) ? new Exact(deserializer) : deserializer;
    }

    @Override
    public ValueDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
            BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
        return INTEGER_ARRAYS.contains(type.getRawClass()) ? new Exact(deserializer) : deserializer;
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
            if (parser.currentToken() == JsonToken.START_ARRAY) {
                JsonNode array = context.readTree(parser);
                for (JsonNode element : array.values()) {
                    if (element.isFloatingPointNumber() && !whole(element.numberValue())) {
                        throw lossy(parser, element.numberValue());
                    }
                }
                JsonParser elements = array.traverse(context);
                elements.nextToken();
                return super.deserialize(elements, context);
            }
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT && !whole(parser.getNumberValue())) {
                throw lossy(parser, parser.getNumberValue());
            }
            return super.deserialize(parser, context);
        }

        private InvalidFormatException lossy(JsonParser parser, Number number) {
            return InvalidFormatException.from(parser, "Cannot convert " + number + " to " + handledType().getTypeName()
                    + " without losing its fraction", number, handledType());
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
