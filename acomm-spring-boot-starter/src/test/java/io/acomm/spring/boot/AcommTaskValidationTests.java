package io.acomm.spring.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.acomm.Response;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.validation.annotation.Validated;

import static io.acomm.spring.boot.AcommTestSupport.callTask;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bean Validation of {@link AcommTask} args, called for real through the context's tracker: which parameters are
 * validated, how violations are answered, and that the starter does without Bean Validation. The constraints carry
 * their messages, so that the answers do not depend on the JVM's locale.
 */
class AcommTaskValidationTests {

    private static final Map<String, Object> INVALID_SPEC = Map.of("name", " ", "cpus", 0,
            "disks", List.of(Map.of("sizeGb", 10), Map.of("sizeGb", 0)));

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir).withBean(VmTasks.class)
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class,
                        AcommValidationAutoConfiguration.class));
    }

    @Test
    void invalidArgsAreAnsweredWithTheirViolationsByPathAndTheMethodIsNotInvoked() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(TaskArgumentsValidator.class);
            Response response = callTask(context, "vm.create", INVALID_SPEC);
            assertThat(response.error()).isEqualTo("invalid arguments: cpus: must be at least 1; "
                    + "disks[1].sizeGb: must be greater than 0; name: must not be blank");
            assertThat(context.getBean(VmTasks.class).invoked).isEmpty();
        });
    }

    @Test
    void validArgsReachTheMethod() {
        runner().run(context -> {
            Response response = callTask(context, "vm.create", Map.of("name", "web", "cpus", 2,
                    "disks", List.of(Map.of("sizeGb", 10))));
            assertThat(response.error()).isNull();
            assertThat(response.result(String.class)).isEqualTo("created web");
            assertThat(context.getBean(VmTasks.class).invoked).containsExactly("vm.create");
        });
    }

    @Test
    void argsOfAParameterWithoutValidAreNotValidated() {
        runner().run(context -> {
            Response response = callTask(context, "vm.create.unchecked", INVALID_SPEC);
            assertThat(response.error()).isNull();
            assertThat(context.getBean(VmTasks.class).invoked).containsExactly("vm.create.unchecked");
        });
    }

    @Test
    void validatedValidatesTheGroupsItNames() {
        runner().run(context -> {
            Map<String, Object> noSoftTooHard = Map.of("hard", 200);
            assertThat(callTask(context, "quota.default", noSoftTooHard).error())
                    .isEqualTo("invalid arguments: soft: must be set");
            assertThat(callTask(context, "quota.strict", noSoftTooHard).error())
                    .isEqualTo("invalid arguments: hard: must be at most 100");
            assertThat(callTask(context, "quota.strict", Map.of("hard", 100)).error()).isNull();
            assertThat(context.getBean(VmTasks.class).invoked).containsExactly("quota.strict");
        });
    }

    @Test
    void violationsAreWordedByTheErrorHandler() {
        runner().withBean(AcommTaskErrorHandler.class, () -> (request, exception) ->
                (exception instanceof AcommTaskArgumentsInvalidException invalid)
                        ? "bad " + invalid.violations().stream()
                                .map(violation -> violation.getPropertyPath().toString())
                                .collect(Collectors.joining(","))
                        : "other")
                .run(context -> assertThat(callTask(context, "vm.create", INVALID_SPEC).error())
                        .isEqualTo("bad cpus,disks[1].sizeGb,name"));
    }

    /**
     * A bean behind a JDK proxy is invoked through its interface's method, which does not carry the {@code @Valid}
     * of the class's method.
     */
    @Test
    void theParametersOfTheBeansClassAskForValidationBehindAProxy() {
        runner().withUserConfiguration(ProxyConfiguration.class).run(context -> {
            assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Creator.class))).isTrue();
            assertThat(callTask(context, "vm.proxied", INVALID_SPEC).error()).startsWith("invalid arguments: cpus:");
            assertThat(callTask(context, "vm.proxied", Map.of("name", "db", "cpus", 1, "disks", List.of())).error())
                    .isNull();
            assertThat(context.getBean(CountingAspect.class).advised).containsExactly("db");
        });
    }

    @Test
    void withoutBeanValidationOnTheClasspathTheStarterStartsAndValidatesNothing() {
        runner().withClassLoader(new FilteredClassLoader("jakarta.validation")).run(context -> {
            assertUnvalidated(context);
            ConditionAndOutcomes outcomes = ConditionEvaluationReport.get(context.getBeanFactory())
                    .getConditionAndOutcomesBySource().get(AcommValidationAutoConfiguration.class.getName());
            assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome.getOutcome().getMessage())
                    .contains("@ConditionalOnClass did not find required class 'jakarta.validation.Validator'"));
        });
    }

    @Test
    void withoutAValidatorBeanNothingIsValidated() {
        providerRunner(this.socketDir).withBean(VmTasks.class)
                .withConfiguration(AutoConfigurations.of(AcommValidationAutoConfiguration.class))
                .run(this::assertUnvalidated);
    }

    private void assertUnvalidated(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed().doesNotHaveBean(TaskArgumentsValidator.class);
        assertThat(callTask(context, "vm.create", INVALID_SPEC).error()).isNull();
        assertThat(context.getBean(VmTasks.class).invoked).containsExactly("vm.create");
    }

    record Disk(@Positive(message = "must be greater than 0") Integer sizeGb) {
    }

    record VmSpec(@NotBlank(message = "must not be blank") String name,
            @Min(value = 1, message = "must be at least {value}") int cpus, List<@Valid Disk> disks) {
    }

    /** The validation group of the strict quota checks. */
    interface Strict {
    }

    record Quota(@NotNull(message = "must be set") Integer soft,
            @Max(value = 100, groups = Strict.class, message = "must be at most {value}") Integer hard) {
    }

    static class VmTasks {

        final List<String> invoked = new CopyOnWriteArrayList<>();

        @AcommTask("vm.create")
        String create(@Valid VmSpec spec) {
            this.invoked.add("vm.create");
            return "created " + spec.name();
        }

        @AcommTask("vm.create.unchecked")
        String createUnchecked(VmSpec spec) {
            this.invoked.add("vm.create.unchecked");
            return "created " + spec.name();
        }

        @AcommTask("quota.default")
        void quota(@Validated Quota quota) {
            this.invoked.add("quota.default");
        }

        @AcommTask("quota.strict")
        void strictQuota(@Validated(Strict.class) Quota quota) {
            this.invoked.add("quota.strict");
        }
    }

    interface Creator {

        String create(VmSpec spec);
    }

    static class ProxiedVmTasks implements Creator {

        @Override
        @AcommTask("vm.proxied")
        public String create(@Valid VmSpec spec) {
            return spec.name();
        }
    }

    @Aspect
    static class CountingAspect {

        final List<String> advised = new CopyOnWriteArrayList<>();

        @Before("execution(* io.acomm.spring.boot.AcommTaskValidationTests.Creator.create(..)) && args(spec)")
        void before(VmSpec spec) {
            this.advised.add(spec.name());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAspectJAutoProxy
    static class ProxyConfiguration {

        @Bean
        CountingAspect countingAspect() {
            return new CountingAspect();
        }

        @Bean
        Creator proxiedVmTasks() {
            return new ProxiedVmTasks();
        }
    }
}
