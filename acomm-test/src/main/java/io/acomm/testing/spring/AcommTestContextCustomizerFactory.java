package io.acomm.testing.spring;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link AutoConfigureAcommTest} (found on the test class, its superclasses or enclosing classes) to the
 * test's application context; registered in {@code META-INF/spring.factories}.
 */
final class AcommTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureAcommTest annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                AutoConfigureAcommTest.class);
        return annotation == null ? null : new AcommTestContextCustomizer(annotation.stubProvider());
    }
}
