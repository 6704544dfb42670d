package io.acomm.spring.boot;

import java.lang.reflect.Method;
import java.util.Map;

import io.acomm.AcommJson;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the {@link ResponseHandler} methods of every singleton bean once all singletons exist, and registers them
 * with the {@link ResponseHandlerRegistry}. Proxied beans (AOP, {@code @Transactional}) are invoked through their
 * proxy. A method with an unsupported signature fails start-up with a message naming it.
 */
public class ResponseHandlerMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

    private final ResponseHandlerRegistry registry;
    private final AcommJson json;
    private ConfigurableListableBeanFactory beanFactory;

    /**
     * @param registry the registry to fill
     * @param json converts results to parameter types
     */
    public ResponseHandlerMethodProcessor(ResponseHandlerRegistry registry, AcommJson json) {
        this.registry = registry;
        this.json = json;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
            Class<?> targetType = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
            if (targetType == null || !AnnotationUtils.isCandidateClass(targetType, ResponseHandler.class)) {
                continue;
            }
            Map<Method, ResponseHandler> methods = MethodIntrospector.selectMethods(targetType,
                    (MethodIntrospector.MetadataLookup<ResponseHandler>) method -> AnnotatedElementUtils
                            .findMergedAnnotation(method, ResponseHandler.class));
            if (methods.isEmpty()) {
                continue;
            }
            Object bean = this.beanFactory.getBean(beanName);
            methods.forEach((method, annotation) -> this.registry.register(ResponseHandlerMethod.resolve(bean,
                    AopUtils.selectInvocableMethod(method, bean.getClass()), annotation, this.json)));
        }
    }
}
