package io.acomm.spring.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static io.acomm.spring.boot.AcommTestSupport.callTask;
import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.messageChain;
import static io.acomm.test.TestTrackers.callTask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the {@link AcommTaskErrorHandler} words the errors of failed {@link AcommTask} methods, called for real through
 * the context's tracker: the default, the application's handler, a task's own, and a handler that fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcommTaskErrorHandlerTests {

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir).withBean(FailingTasks.class);
    }

    @Test
    void byDefaultTheErrorIsTheExceptionsMessageWithoutStackTraceOrCauses() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(AcommTaskErrorHandler.class);
            Response thrown = callTask(context, "wrapped", "sum");
            assertThat(thrown.error()).isEqualTo("cannot sum");
            Response failed = callTask(context, "failed", "no quorum");
            assertThat(failed.error()).isEqualTo("no quorum");
            for (Response response : List.of(thrown, failed)) {
                assertThat(response.error()).doesNotContain("/etc/acomm/secret", "Caused by", "\tat ",
                        "io.acomm.spring.boot.");
            }
        });
    }

    @Test
    void withoutAMessageTheErrorIsTheExceptionsSimpleClassName() {
        runner().run(context -> {
            assertThat(callTask(context, "no.message", null).error()).isEqualTo("UnsupportedOperationException");
            assertThat(callTask(context, "no.message", "  ").error()).isEqualTo("UnsupportedOperationException");
            assertThat(callTask(context, "failed", null).error()).isEqualTo("IllegalStateException");
        });
    }

    /**
     * The application's handler words every failure: thrown, failed future, args that cannot be converted; the WARN
     * line still shows the exception itself.
     */
    @Test
    void theApplicationsErrorHandlerWordsTheErrorsOfEveryTask(CapturedOutput output) {
        runner().withBean("terseErrors", AcommTaskErrorHandler.class, AcommTaskErrorHandlerTests::terse)
                .run(context -> {
                    assertThat(context).hasSingleBean(AcommTaskErrorHandler.class);
                    assertThat(callTask(context, "wrapped", "sum").error())
                            .isEqualTo("wrapped failed (IllegalStateException)");
                    assertThat(callTask(context, "failed", "no quorum").error())
                            .isEqualTo("failed failed (IllegalStateException)");
                    assertThat(callTask(context, "typed", "not a number").error())
                            .isEqualTo("typed failed (IllegalArgumentException)");
                    assertThat(output).contains("acomm task 'wrapped' failed for request")
                            .contains("java.lang.IllegalStateException: cannot sum");
                });
    }

    /**
     * {@code @AcommTask(errorHandler = ...)} names the handler of one task; the others get the application's, the
     * primary one of two, or the default when neither is primary.
     */
    @Test
    void aTaskNamesItsOwnErrorHandler() {
        runner().withUserConfiguration(TwoErrorHandlers.class).withBean(OwnErrorHandlerTask.class)
                .run(context -> {
                    assertThat(callTask(context, "own", "disk").error())
                            .isEqualTo("own failed (IllegalStateException)");
                    assertThat(callTask(context, "wrapped", "sum").error()).isEqualTo("wrapped: cannot sum");
                });
        runner().withBean("terseErrors", AcommTaskErrorHandler.class, AcommTaskErrorHandlerTests::terse)
                .withBean("otherErrors", AcommTaskErrorHandler.class, () -> (request, exception) -> "other")
                .withBean(OwnErrorHandlerTask.class).run(context -> {
                    assertThat(callTask(context, "own", "disk").error())
                            .isEqualTo("own failed (IllegalStateException)");
                    assertThat(callTask(context, "wrapped", "sum").error()).isEqualTo("cannot sum");
                });
    }

    @Test
    void anErrorHandlerNameThatIsNoErrorHandlerBeanFailsStartUpNamingTheMethod() {
        runner().withBean(OwnErrorHandlerTask.class).withBean("terseErrors", String.class, () -> "not a handler")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messageChain(context.getStartupFailure())).contains("@AcommTask method "
                            + "java.lang.String " + OwnErrorHandlerTask.class.getName() + ".own(java.lang.String) "
                            + "names the error handler 'terseErrors', which is no AcommTaskErrorHandler bean");
                });
    }

    /**
     * A handler that throws, or gives no error, leaves the exception's message; the failure is still one WARN line,
     * which tells the handler's failure too, without a stack trace.
     */
    @Test
    void aFailingErrorHandlerLeavesTheExceptionsMessageInTheTasksOneWarning(CapturedOutput output) {
        runner().withBean(AcommTaskErrorHandler.class, () -> (request, exception) -> {
            if (request.args(String.class).equals("sum")) {
                throw new IllegalStateException("the handler broke");
            }
            return null;
        }).run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request throwing = Request.builder().task("wrapped").args("sum").build();
            assertThat(callTask(tracker, provider(context).url(), throwing).error()).isEqualTo("cannot sum");
            Request nothing = Request.builder().task("wrapped").args("backup").build();
            assertThat(callTask(tracker, provider(context).url(), nothing).error()).isEqualTo("cannot backup");

            List<String> lines = output.getAll().lines().toList();
            assertThat(lines).filteredOn(line -> line.contains(throwing.id())).singleElement().asString()
                    .contains(" WARN ", "acomm task 'wrapped' failed for request " + throwing.id(),
                            "cannot sum; its handler failed to word the error: "
                                    + "java.lang.IllegalStateException: the handler broke");
            assertThat(lines).filteredOn(line -> line.contains(nothing.id())).singleElement().asString()
                    .contains(" WARN ", "cannot backup; its handler failed to word the error: ",
                            "error message is required");
            assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
        });
    }

    private static AcommTaskErrorHandler terse() {
        return (request, exception) -> request.task() + " failed (" + exception.getClass().getSimpleName() + ")";
    }

    static class FailingTasks {

        @AcommTask("wrapped")
        String wrapped(String what) {
            throw new IllegalStateException("cannot " + what, new IOException("cannot read /etc/acomm/secret"));
        }

        @AcommTask("failed")
        CompletableFuture<String> failed(String why) {
            return CompletableFuture.failedFuture(new IllegalStateException(why));
        }

        @AcommTask("no.message")
        String noMessage(String message) {
            throw (message == null) ? new UnsupportedOperationException()
                    : new UnsupportedOperationException(message);
        }

        @AcommTask("typed")
        Integer typed(Integer number) {
            return number;
        }
    }

    static class OwnErrorHandlerTask {

        @AcommTask(value = "own", errorHandler = "terseErrors")
        String own(String what) {
            throw new IllegalStateException("no " + what);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoErrorHandlers {

        @Bean
        AcommTaskErrorHandler terseErrors() {
            return terse();
        }

        @Bean
        @Primary
        AcommTaskErrorHandler prefixedErrors() {
            return (request, exception) -> request.task() + ": " + exception.getMessage();
        }
    }
}
