package io.acomm.spring.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.acomm.Tracker;
import io.acomm.UnixStreams;
import io.acomm.internal.util.SocketPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

import static io.acomm.spring.boot.AcommTestSupport.callTask;
import static io.acomm.spring.boot.AcommTestSupport.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Where the sockets go: without configured locations, a private directory of each application instance, so that
 * two applications never collide; configured locations that cannot be used fail start-up before the web server
 * starts, reported by {@link AcommSocketFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcommSocketLocationsTests {

    @TempDir
    Path socketDir;

    private static ApplicationContextRunner defaultsRunner() {
        return new ApplicationContextRunner().withConfiguration(AcommTestSupport.AUTO_CONFIGURATIONS)
                .withUserConfiguration(EchoConfiguration.class).withPropertyValues("spring.application.name=orders");
    }

    @Test
    void defaultSocketsAreUniquePerApplicationInstanceInAPrivateDirectoryDeletedOnClose() {
        List<Path> dirs = new ArrayList<>();
        defaultsRunner().run(first -> defaultsRunner().run(second -> {
            for (var context : List.of(first, second)) {
                Path dir = context.getBean(AcommSocketLocations.class).privateDir();
                dirs.add(dir);
                assertThat(dir.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()
                        .normalize());
                assertThat(dir.getFileName().toString()).startsWith("acomm-orders-" + ProcessHandle.current().pid()
                        + "-");
                assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
                assertThat(provider(context).socketPaths()).containsExactly(dir.resolve("provider.sock"));
                assertThat(context.getBean(Tracker.class).addr().getParent()).isEqualTo(dir);
                assertThat(context.getBean(UnixStreams.class).dir()).isEqualTo(dir);
                assertThat(callTask(context, "echo", "hello").rawResult().asString()).isEqualTo("hello");
            }
            assertThat(dirs.get(0)).isNotEqualTo(dirs.get(1));
        }));
        assertThat(dirs).hasSize(2).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }

    @Test
    void privateDirectoriesOfProcessesThatNoLongerRunAreDeletedAtStartUp() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path leftByACrash = Files.createTempDirectory(temp, "acomm-orders-" + ended.pid() + "-");
        Files.createFile(leftByACrash.resolve("provider.sock"));
        Path ofALiveProcess = Files.createTempDirectory(temp, "acomm-orders-" + ProcessHandle.current().pid() + "-");
        try {
            defaultsRunner().run(context -> {
                assertThat(leftByACrash).doesNotExist();
                assertThat(ofALiveProcess).exists();
            });
        }
        finally {
            FileSystemUtils.deleteRecursively(leftByACrash);
            FileSystemUtils.deleteRecursively(ofALiveProcess);
        }
    }

    @Test
    void configuredLocationsNeedNoPrivateDirectory() {
        defaultsRunner().withPropertyValues("acomm.tracker.socket-dir=" + this.socketDir,
                "acomm.provider.socket-path=" + this.socketDir.resolve("p.sock")).run(context -> {
                    assertThat(context.getBean(AcommSocketLocations.class).privateDir()).isNull();
                    assertThat(provider(context).socketPaths()).containsExactly(this.socketDir.resolve("p.sock"));
                });
    }

    @Test
    void socketPathOfALiveListenerFailsBeforeTheWebServerStarts(CapturedOutput output) throws Exception {
        Path taken = this.socketDir.resolve("taken.sock");
        try (AFUNIXServerSocket listener = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(taken))) {
            FailureAnalysis analysis = failedStartUp(output, "acomm.tracker.socket-path=" + taken);
            assertThat(analysis.getDescription()).contains("acomm.tracker.socket-path", taken.toString(),
                    "another listener is already active there");
            assertThat(analysis.getAction()).contains("Stop the process", "acomm.tracker.socket-path");
            assertThat(listener.isBound()).isTrue();
        }
    }

    @Test
    void socketPathTooLongForTheKernelFailsBeforeTheWebServerStarts(CapturedOutput output) {
        Path tooLong = this.socketDir.resolve("p".repeat(SocketPaths.MAX_BYTES) + ".sock");
        FailureAnalysis analysis = failedStartUp(output, "acomm.provider.socket-path=" + tooLong);
        assertThat(analysis.getDescription()).contains("acomm.provider.socket-path", tooLong.toString(),
                "at most " + SocketPaths.MAX_BYTES + " bytes");
        assertThat(analysis.getAction()).contains("Set acomm.provider.socket-path to a shorter path");
    }

    @Test
    void trackerSocketDirTooLongForItsSocketsFailsBeforeTheWebServerStarts(CapturedOutput output) {
        Path tooLong = this.socketDir.resolve("d".repeat(SocketPaths.MAX_BYTES - 40));
        FailureAnalysis analysis = failedStartUp(output, "acomm.tracker.socket-dir=" + tooLong);
        assertThat(analysis.getDescription()).contains("acomm.tracker.socket-dir", "acommTracker-");
        assertThat(analysis.getAction()).contains("Set acomm.tracker.socket-dir to a shorter path");
    }

    @Test
    void trackerAndProviderOnOneSocketFailBeforeTheWebServerStarts(CapturedOutput output) {
        Path same = this.socketDir.resolve("same.sock");
        FailureAnalysis analysis = failedStartUp(output, "acomm.tracker.socket-path=" + same,
                "acomm.provider.socket-path=" + same);
        assertThat(analysis.getDescription()).contains("acomm.tracker.socket-path", "acomm.provider.socket-path");
        assertThat(analysis.getAction()).contains("different paths");
    }

    @Test
    void socketDirThatIsAFileFailsBeforeTheWebServerStarts(CapturedOutput output) throws Exception {
        Path file = Files.createFile(this.socketDir.resolve("a-file"));
        FailureAnalysis analysis = failedStartUp(output, "acomm.tracker.socket-dir=" + file);
        assertThat(analysis.getDescription()).contains("acomm.tracker.socket-dir", file + " is not a directory");
        assertThat(analysis.getAction()).contains("Set acomm.tracker.socket-dir to a location");
    }

    @Test
    void taskSocketTooLongForTheKernelFailsBeforeTheWebServerStarts(CapturedOutput output) {
        // t.sock would fit, echo.sock does not: the directory passes its own check, the task's socket fails
        Path dir = this.socketDir.resolve("d".repeat(99 - this.socketDir.toString().length() - 1));
        FailureAnalysis analysis = failedStartUp(output, "acomm.provider.socket-dir=" + dir);
        assertThat(analysis.getDescription()).contains("acomm.provider.socket-dir", "the socket of task 'echo'",
                dir.resolve("echo.sock").toString(), "at most " + SocketPaths.MAX_BYTES + " bytes");
        assertThat(analysis.getAction()).contains("Set acomm.provider.socket-dir to a shorter path, by 2 bytes");
    }

    @Test
    void taskSocketOfALiveListenerFailsBeforeTheWebServerStarts(CapturedOutput output) throws Exception {
        Path tasks = Files.createDirectory(this.socketDir.resolve("tasks"));
        try (AFUNIXServerSocket listener = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(
                tasks.resolve("echo.sock")))) {
            FailureAnalysis analysis = failedStartUp(output, "acomm.provider.socket-dir=" + tasks);
            assertThat(analysis.getDescription()).contains("acomm.provider.socket-dir", tasks.resolve("echo.sock")
                    .toString(), "another listener is already active there");
            assertThat(analysis.getAction()).contains("acomm.provider.socket-dir to a directory of this application");
            assertThat(listener.isBound()).isTrue();
        }
    }

    @Test
    void trackerSocketThatIsATaskSocketFailsBeforeTheWebServerStarts(CapturedOutput output) {
        Path tasks = this.socketDir.resolve("tasks");
        FailureAnalysis analysis = failedStartUp(output, "acomm.provider.socket-dir=" + tasks,
                "acomm.tracker.socket-path=" + tasks.resolve("echo.sock"));
        assertThat(analysis.getDescription()).contains("acomm.provider.socket-dir",
                "acomm.tracker.socket-path is the socket of task 'echo'");
        assertThat(analysis.getAction()).contains("Give acomm.tracker.socket-path a path outside " + tasks);
    }

    /**
     * Runs a servlet web application with an embedded Tomcat and the task {@code echo} that must fail: asserts that
     * its web server did not start, that Boot reported the analysis (so the analyzer is registered), and returns the
     * analysis.
     */
    private FailureAnalysis failedStartUp(CapturedOutput output, String... properties) {
        List<ApplicationEvent> webServers = new CopyOnWriteArrayList<>();
        SpringApplication application = new SpringApplication(AcommTestApplication.class,
                EchoConfiguration.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setRegisterShutdownHook(false);
        application.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof WebServerInitializedEvent) {
                webServers.add(event);
            }
        });
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
        for (String property : properties) {
            args.add("--" + property);
        }
        Throwable failure = catchThrowable(() -> application.run(args.toArray(String[]::new)));
        assertThat(failure).as("start-up failure").isNotNull();
        assertThat(webServers).as("web servers started").isEmpty();
        FailureAnalysis analysis = new AcommSocketFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", analysis.getDescription(), analysis.getAction());
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class EchoConfiguration {

        @Bean
        EchoTask echoTask() {
            return new EchoTask();
        }
    }

    static class EchoTask {

        @AcommTask("echo")
        String echo(String text) {
            return text;
        }
    }
}
