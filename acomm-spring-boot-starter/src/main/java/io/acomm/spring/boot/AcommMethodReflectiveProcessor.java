package io.acomm.spring.boot;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import io.acomm.Request;
import io.acomm.Response;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;

/**
 * The runtime hints of an {@link AcommTask} or {@link ResponseHandler} method, for an AOT-processed application and
 * a native image: the method is invoked reflectively, and Jackson binds its JSON parameter (args or result) and the
 * result it returns, unwrapped from a {@code CompletionStage}. The protocol's own types ({@link Request},
 * {@link Response}) have their own serializers, and returned streams are served as bytes, so neither gets binding
 * hints.
 */
class AcommMethodReflectiveProcessor extends SimpleReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindingRegistrar = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (int i = 0; i < method.getParameterCount(); i++) {
            registerBinding(hints, ResolvableType.forMethodParameter(method, i));
        }
        ResolvableType result = ResolvableType.forMethodReturnType(method);
        if (CompletionStage.class.isAssignableFrom(result.toClass())) {
            result = result.as(CompletionStage.class).getGeneric(0);
        }
        registerBinding(hints, result);
    }

    /**
     * Registers a type for binding by its class, and its type arguments and array components the same way: the
     * registrar follows the properties of a class, not the type arguments of a declared type.
     */
    private void registerBinding(ReflectionHints hints, ResolvableType type) {
        if (type.isArray()) {
            registerBinding(hints, type.getComponentType());
            return;
        }
        Class<?> raw = type.resolve();
        if (raw == null || Request.class.isAssignableFrom(raw) || Response.class.isAssignableFrom(raw)
                || InputStream.class.isAssignableFrom(raw) || Resource.class.isAssignableFrom(raw)) {
            return;
        }
        this.bindingRegistrar.registerReflectionHints(hints, raw);
        for (ResolvableType generic : type.getGenerics()) {
            registerBinding(hints, generic);
        }
    }
}
