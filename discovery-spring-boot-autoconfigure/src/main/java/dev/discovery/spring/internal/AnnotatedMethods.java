package dev.discovery.spring.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/** Finds and calls the annotated methods of beans, the way Spring's own {@code @EventListener} support does. */
public final class AnnotatedMethods {

    private AnnotatedMethods() {
    }

    /**
     * Calls {@code action} for every method of the bean carrying the annotation, with the method to invoke on the bean
     * itself (on its proxy, when it has one, so that aspects such as transactions apply).
     */
    public static <A extends Annotation> void forEach(Object bean, Class<A> type, BiConsumer<Method, A> action) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(targetClass, type)) {
            return;
        }
        Map<Method, A> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<A>) method -> AnnotatedElementUtils.findMergedAnnotation(method, type));
        methods.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            ReflectionUtils.makeAccessible(invocable);
            action.accept(invocable, annotation);
        });
    }

    /** Invokes the method, rethrowing what it throws as it was thrown rather than wrapped. */
    public static Object invoke(Object bean, Method method, Object... args) {
        try {
            return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            ReflectionUtils.rethrowRuntimeException(e.getTargetException());
            return null; // not reached: the line above always throws
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + method, e);
        }
    }
}
