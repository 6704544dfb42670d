package io.acomm.spring.boot;

import jakarta.validation.Validator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Bean Validation of the args of {@link AcommTask} methods, when Bean Validation is on the classpath and the
 * application has one {@link Validator} (or a primary one), as Spring Boot's validation starter provides: an args
 * parameter annotated {@code @Valid} or {@code @Validated} is validated before the method is invoked.
 */
@AutoConfiguration(afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnClass(Validator.class)
@ConditionalOnProperty(prefix = "acomm", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnSingleCandidate(Validator.class)
public class AcommValidationAutoConfiguration {

    @Bean
    TaskArgumentsValidator acommTaskArgumentsValidator(Validator validator) {
        return new BeanValidationTaskArgumentsValidator(validator);
    }
}
