package io.acomm.spring.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.acomm.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.test.TestSupport.messageChain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid {@code acomm.*} values fail start-up with a message naming the property; valid edge values start.
 */
class AcommPropertiesValidationTests {

    @TempDir
    static Path tempDir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "acomm.tracker.default-timeout  | -1s",
            "acomm.tracker.default-timeout  | 0s",
            "acomm.tracker.default-timeout  | soon",
            "acomm.tracker.shutdown-timeout | -1ms",
            "acomm.unix.read-timeout        | -5",
            "acomm.unix.read-timeout        | 0",
            "acomm.wire.url-format          | xml",
            "acomm.tracker.socket-path      | /proc/nonexistent/tracker.sock",
            "acomm.tracker.socket-dir       | /proc/nonexistent/sockets",
            "acomm.unix.max-frame-size      | 0B",
            "acomm.unix.max-frame-size      | 3GB",
            "acomm.unix.socket-permissions  | rwx",
            "acomm.unix.backlog             | 0",
            "acomm.unix.backlog             | -1",
            "acomm.http.base-path           | acomm",
            "acomm.http.base-path           | /acomm/",
            "acomm.provider.socket-path     | /proc/nonexistent/provider.sock",
            "acomm.provider.socket-dir      | /proc/nonexistent/tasks",
            "acomm.provider.max-concurrency | 0",
            "acomm.provider.max-concurrency | many",
            "acomm.provider.shutdown-timeout | -1s",
            "acomm.http.client              | xml",
            "acomm.http.connect-timeout     | 0s",
            "acomm.http.connect-timeout     | -1s",
            "acomm.http.read-timeout        | 0",
            "acomm.http.read-timeout        | -300ms",
            "acomm.http.read-timeout        | never",
    })
    void invalidValueFailsStartUpNamingTheProperty(String property, String value) {
        contextRunner(tempDir).withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messageChain(context.getStartupFailure())).contains(property);
        });
    }

    @Test
    void socketPathBehindARegularFileFailsStartUpNamingTheProperty() throws IOException {
        Path file = Files.createFile(tempDir.resolve("not-a-dir"));
        contextRunner(tempDir).withPropertyValues("acomm.tracker.socket-path=" + file.resolve("t.sock"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messageChain(context.getStartupFailure())).contains("acomm.tracker.socket-path");
                });
    }

    @Test
    void missingSocketDirThatCanBeCreatedIsCreatedAtStart() {
        Path dir = tempDir.resolve("new").resolve("dir");
        contextRunner(tempDir).withPropertyValues("acomm.tracker.socket-dir=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(tracker.addr().getParent()).isEqualTo(dir);
            assertThat(tracker.addr()).exists();
        });
    }

    @Test
    void zeroShutdownTimeoutAndSymbolicPermissionsAreValid() {
        contextRunner(tempDir).withPropertyValues("acomm.tracker.shutdown-timeout=0s",
                "acomm.unix.socket-permissions=rw-rw----").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(AcommProperties.class).getTracker().getShutdownTimeout())
                            .isEqualTo(Duration.ZERO);
                });
    }
}
