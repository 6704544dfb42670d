package io.acomm.spring.boot;

import java.util.function.UnaryOperator;

import io.acomm.AcommJson;
import io.acomm.UnixStreams;

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
        AnnotatedBeanMethods.forEach(this.beanFactory, AcommTask.class, (bean, method, annotation) ->
                this.tasks.register(AcommTaskMethod.resolve(bean, method, annotation, placeholders, this.json,
                        this.streams)));
    }
}
