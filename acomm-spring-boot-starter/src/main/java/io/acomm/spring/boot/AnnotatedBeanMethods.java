package io.acomm.spring.boot;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the methods of singleton beans that carry an annotation, as Spring's own listener processors do: on the
 * bean's target class, each returned as invocable on the bean itself (through its proxy where there is one).
 */
final class AnnotatedBeanMethods {

    /**
     * Receives one annotated method.
     * @param <A> the annotation type
     */
    @FunctionalInterface
    interface Callback<A extends Annotation> {
        void found(Object bean, Method invocableMethod, A annotation);
    }

    private AnnotatedBeanMethods() {
    }

    static <A extends Annotation> void forEach(ConfigurableListableBeanFactory beanFactory, Class<A> annotationType,
            Callback<A> callback) {
        for (String beanName : beanFactory.getBeanNamesForType(Object.class, false, false)) {
            Class<?> targetType = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
            if (targetType == null || !AnnotationUtils.isCandidateClass(targetType, annotationType)) {
                continue;
            }
            Map<Method, A> methods = MethodIntrospector.selectMethods(targetType,
                    (MethodIntrospector.MetadataLookup<A>) method -> AnnotatedElementUtils
                            .findMergedAnnotation(method, annotationType));
            if (methods.isEmpty()) {
                continue;
            }
            Object bean = beanFactory.getBean(beanName);
            methods.forEach((method, annotation) -> callback.found(bean,
                    AopUtils.selectInvocableMethod(method, bean.getClass()), annotation));
        }
    }
}
