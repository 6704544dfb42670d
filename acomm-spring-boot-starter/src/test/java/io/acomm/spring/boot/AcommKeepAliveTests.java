package io.acomm.spring.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.acomm.Tracker;
import io.acomm.transport.UnixTransport;
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
 * stops cleanly when its context is closed: in this JVM, and as a process of its own that gets {@code SIGTERM}.
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

    @Test
    void nonWebApplicationProcessServesUntilSigtermAndThenStopsCleanly() throws Exception {
        Path providerSocket = this.socketDir.resolve("p.sock");
        Path trackerDir = this.socketDir.resolve("tracker");
        Path output = this.socketDir.resolve("app.log");
        Process app = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), NonWebApplication.class.getName(),
                "--spring.main.web-application-type=none", "--acomm.tracker.socket-dir=" + trackerDir,
                "--acomm.provider.socket-path=" + providerSocket).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try (Tracker caller = Tracker.builder().socketDir(this.socketDir).build()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(output).contains("Started "));
            caller.startListener();
            // the main method has returned, and the application serves on
            assertThat(caller.syncRequest(UnixTransport.url(providerSocket), "echo", "still here",
                    Duration.ofSeconds(10)).result(String.class)).isEqualTo("still here");
            assertThat(app.isAlive()).isTrue();

            app.destroy();

            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            String log = Files.readString(output);
            assertThat(app.exitValue()).as("exit code after SIGTERM, log:%n%s", log).isEqualTo(143);
            assertThat(log).contains("acomm tracker on " + trackerDir, "stopped: 0 request(s) drained",
                    "acomm provider on [" + providerSocket + "] stopped: ")
                    // no WARN or ERROR line of a logger (the JVM's own warnings, such as Java 24's about junixsocket's
                    // native access, are not the application's)
                    .doesNotContainPattern("(?m)^\\S+ (WARN|ERROR) ");
            assertThat(providerSocket).doesNotExist();
            assertThat(trackerDir).isEmptyDirectory();
        }
        finally {
            app.destroyForcibly();
        }
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

        /**
         * Runs the application as a process of its own, as its packaged jar would.
         * @param args the command line
         */
        public static void main(String[] args) {
            SpringApplication.run(NonWebApplication.class, args);
        }

        @Bean
        AcommSocketLocationsTests.EchoTask echoTask() {
            return new AcommSocketLocationsTests.EchoTask();
        }
    }
}
