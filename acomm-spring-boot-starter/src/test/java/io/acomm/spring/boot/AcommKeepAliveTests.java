package io.acomm.spring.boot;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static io.acomm.test.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without a web server keeps running while acomm listens, after its main method has returned, and
 * stops cleanly when its context is closed (as the shutdown hook does on {@code SIGTERM}).
 */
class AcommKeepAliveTests {

    @TempDir
    Path socketDir;

    @Test
    void nonWebApplicationKeepsRunningUntilClosedAndLeavesNoAcommThread() {
        Set<Thread> before = acommThreads();
        SpringApplication application = new SpringApplication(NonWebApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context = application.run("--acomm.tracker.socket-dir=" + this.socketDir,
                "--acomm.provider.socket-path=" + this.socketDir.resolve("p.sock"));
        // run has returned, as a main method would: a non-daemon thread of this context keeps the JVM running
        Set<Thread> started = acommThreads();
        started.removeAll(before);
        assertThat(started).filteredOn(thread -> !thread.isDaemon()).extracting(Thread::getName)
                .containsExactly(AcommKeepAlive.THREAD_NAME);
        assertThat(started).extracting(Thread::getName).anyMatch(name -> name.startsWith("acomm-provider"))
                .anyMatch(name -> name.startsWith("acomm-tracker"));
        AcommKeepAlive keepAlive = context.getBean(AcommKeepAlive.class);
        assertThat(keepAlive.isRunning()).isTrue();

        context.close();
        assertThat(keepAlive.isRunning()).isFalse();
        await().untilAsserted(() -> assertThat(started).filteredOn(Thread::isAlive).isEmpty());
    }

    /**
     * @return the live threads of acomm, of this test's application and of any other that runs in this JVM (such
     *     as the cached contexts of other tests)
     */
    private static Set<Thread> acommThreads() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(thread -> !thread.isAlive() || !thread.getName().startsWith("acomm-"));
        return threads;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class NonWebApplication {

        @Bean
        AcommSocketLocationsTests.EchoTask echoTask() {
            return new AcommSocketLocationsTests.EchoTask();
        }
    }
}
