package io.acomm.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.acomm.Request;
import io.acomm.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.messageChain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task names of {@link AcommTask} and {@link ResponseHandler} resolve property placeholders against the
 * environment, and nothing else (no SpEL).
 */
class TaskNamePlaceholderTests {

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir).withUserConfiguration(PlaceholderConfiguration.class);
    }

    @Test
    void taskAndResponseHandlerNamesResolvePlaceholders() {
        runner().withPropertyValues("app.tasks.echo=orders.echo").run(context -> {
            assertThat(provider(context).tasks()).containsExactlyInAnyOrder("orders.echo", "#{'spel'}");
            Tracker tracker = context.getBean(Tracker.class);
            Request request = Request.builder().task("orders.echo").args("hello").build();
            tracker.trackAndSend(provider(context).url(), request, Duration.ofSeconds(10));
            PlaceholderTasks tasks = context.getBean(PlaceholderTasks.class);
            await().untilAsserted(() -> assertThat(tasks.handled).containsExactly("hello"));
        });
    }

    @Test
    void unresolvablePlaceholderFailsStartUpNamingTheMethod() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(messageChain(context.getStartupFailure())).contains("PlaceholderTasks.echo",
                    "names task '${app.tasks.echo}'", "app.tasks.echo");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class PlaceholderConfiguration {

        @Bean
        PlaceholderTasks placeholderTasks() {
            return new PlaceholderTasks();
        }
    }

    static class PlaceholderTasks {

        private final List<String> handled = new CopyOnWriteArrayList<>();

        @AcommTask("${app.tasks.echo}")
        String echo(String text) {
            return text;
        }

        @AcommTask("#{'spel'}")
        String notSpel() {
            return "literal";
        }

        @ResponseHandler(task = "${app.tasks.echo}", on = ResponseHandler.Outcome.SUCCESS)
        void echoed(String result) {
            this.handled.add(result);
        }
    }
}
