package io.acomm.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class whose tests take acomm parameters: a started {@link io.acomm.Tracker}, a
 * {@link StubProvider}, and their socket directory as a {@link java.nio.file.Path} annotated {@link AcommSocketDir}.
 * See {@link AcommExtension}.
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AcommExtension.class)
public @interface AcommTest {
}
