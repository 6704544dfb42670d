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
import static io.acomm.test.TestSupport.liveThreadNames;
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
        Set<String> before = liveThreadNames("acomm-");
        SpringApplication application = new SpringApplication(NonWebApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context = application.run("--acomm.tracker.socket-dir=" + this.socketDir,
                "--acomm.provider.socket-path=" + this.socketDir.resolve("p.sock"));
        // run has returned, as a main method would: a non-daemon thread keeps the JVM running
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(thread -> !thread.isDaemon())
                .extracting(Thread::getName).contains(AcommKeepAlive.THREAD_NAME);
        Set<String> started = new HashSet<>(liveThreadNames("acomm-"));
        started.removeAll(before);
        assertThat(started).contains(AcommKeepAlive.THREAD_NAME).hasSizeGreaterThan(1);
        AcommKeepAlive keepAlive = context.getBean(AcommKeepAlive.class);
        assertThat(keepAlive.isRunning()).isTrue();

        context.close();
        assertThat(keepAlive.isRunning()).isFalse();
        await().untilAsserted(() -> assertThat(liveThreadNames("acomm-")).doesNotContainAnyElementsOf(started));
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
