package io.acomm.spring.boot;

import java.lang.reflect.Method;
import java.util.function.UnaryOperator;

import io.acomm.AcommJson;
import io.acomm.UnixStreams;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Finds the {@link ResponseHandler} and {@link AcommTask} methods of every singleton bean once all singletons exist
 * (as Spring's {@code EventListenerMethodProcessor} does), resolves each once, and registers it. Proxied beans (AOP,
 * {@code @Transactional}) are invoked through their proxy. A method with an unsupported signature, or two methods for
 * one task, fail start-up with a message naming the methods. Task names may hold property placeholders
 * ({@code ${...}}, no SpEL), resolved against the environment.
 * <p>
 * Each task method gets its error handler: the bean {@link AcommTask#errorHandler()} names, or else the
 * application's {@link AcommTaskErrorHandler} (the primary one when there are several,
 * {@link AcommTaskErrorHandler#exceptionMessage()} without a unique one); and, with Bean Validation, the validation
 * of the parameters that ask for it.
 */
public class AcommMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware, EnvironmentAware {

    private final ResponseHandlerRegistry responseHandlers;
    private final AcommTaskRegistry tasks;
    private final AcommJson json;
    private final UnixStreams streams;
    private ConfigurableListableBeanFactory beanFactory;
    private Environment environment;

    /**
     * @param responseHandlers receives the response handler methods
     * @param tasks receives the task methods
     * @param json converts results and args to parameter types
     * @param streams open the streams of task methods that return data to stream
     */
    public AcommMethodProcessor(ResponseHandlerRegistry responseHandlers, AcommTaskRegistry tasks, AcommJson json,
            UnixStreams streams) {
        this.responseHandlers = responseHandlers;
        this.tasks = tasks;
        this.json = json;
        this.streams = streams;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        UnaryOperator<String> placeholders = this.environment::resolveRequiredPlaceholders;
        AnnotatedBeanMethods.forEach(this.beanFactory, ResponseHandler.class, (bean, method, annotation) ->
                this.responseHandlers.register(ResponseHandlerMethod.resolve(bean, method, annotation, placeholders,
                        this.json)));
        AcommTaskErrorHandler errorHandler = this.beanFactory.getBeanProvider(AcommTaskErrorHandler.class)
                .getIfUnique(AcommTaskErrorHandler::exceptionMessage);
        TaskArgumentsValidator validator = this.beanFactory.getBeanProvider(TaskArgumentsValidator.class)
                .getIfAvailable();
        AnnotatedBeanMethods.forEach(this.beanFactory, AcommTask.class, (bean, method, annotation) ->
                this.tasks.register(AcommTaskMethod.resolve(bean, method, annotation, placeholders, this.json,
                        this.streams, errorHandler(method, annotation, errorHandler),
                        (validator != null) ? validator.forMethod(declared(bean, method)) : null)));
    }

    /**
     * @return the method as the class of the bean (behind its proxy) declares it, with its parameters' annotations
     */
    private static Method declared(Object bean, Method invocableMethod) {
        return AopUtils.getMostSpecificMethod(invocableMethod, AopUtils.getTargetClass(bean));
    }

    /**
     * @return the error handler the annotation names, or the application's
     * @throws IllegalStateException naming the method when the annotation names no error handler bean
     */
    private AcommTaskErrorHandler errorHandler(Method method, AcommTask annotation, AcommTaskErrorHandler shared) {
        String name = annotation.errorHandler();
        if (name.isEmpty()) {
            return shared;
        }
        try {
            return this.beanFactory.getBean(name, AcommTaskErrorHandler.class);
        }
        catch (BeansException ex) {
            throw new IllegalStateException("@AcommTask method " + method.toGenericString() + " names the error "
                    + "handler '" + name + "', which is no AcommTaskErrorHandler bean: " + ex.getMessage(), ex);
        }
    }
}
