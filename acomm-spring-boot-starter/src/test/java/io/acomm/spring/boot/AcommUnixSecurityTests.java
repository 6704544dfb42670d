package io.acomm.spring.boot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.acomm.AcommJson;
import io.acomm.PeerFilter;
import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.spring.boot.ProviderLifecycleTests.Invocations;
import io.acomm.spring.boot.ProviderLifecycleTests.SumConfiguration;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ApplicationContext;

import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.assertQuietFor;
import static io.acomm.test.TestSupport.completing;
import static io.acomm.test.TestSupport.currentGid;
import static io.acomm.test.TestSupport.currentUid;
import static io.acomm.test.TestSupport.exchangeFrame;
import static io.acomm.test.TestSupport.foreignId;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Who may talk to the tracker and provider sockets, and who may even reach them, set through properties in a
 * Spring context, over real sockets: {@code acomm.unix.allowed-uids} and {@code allowed-gids} checked against the
 * peer's credentials, and {@code acomm.unix.socket-permissions} on the socket files and the directories created for
 * them. The tests are their own peer, so an allow-list that leaves out this process's uid stands for a stranger.
 */
class AcommUnixSecurityTests {

    private static final String NOT_ALLOWED = "peer not allowed";

    @TempDir
    Path socketDir;

    @Test
    void byDefaultTheCurrentUserAndRootAreAllowedAndNoGroup() {
        PeerFilter filter = new AcommProperties().getUnix().peerFilter();
        assertThat(filter.uids()).containsOnly(currentUid(), 0L);
        assertThat(filter.gids()).isEmpty();
    }

    /**
     * {@code FOREIGN} is an id that is neither this process's uid nor any of its groups, {@code UID} and
     * {@code GID} are this process's own.
     */
    @ParameterizedTest(name = "allowed-uids=[{0}] allowed-gids=[{1}]: allowed={2}")
    @CsvSource({
            "'',      '',          true",
            "UID,     '',          true",
            "'',      FOREIGN,     true",
            "FOREIGN, '',          false",
            "FOREIGN, FOREIGN,     false",
            "FOREIGN, 'FOREIGN,GID', true",
    })
    void peerCredentialsDecideWhoMayTalkToTheTrackerAndTheProvider(String uids, String gids, boolean allowed) {
        // a failing test leaves its request tracked: do not wait the default 30s for it on close
        List<String> properties = new ArrayList<>(List.of("acomm.tracker.shutdown-timeout=200ms"));
        if (!uids.isEmpty()) {
            properties.add("acomm.unix.allowed-uids=" + ids(uids));
        }
        if (!gids.isEmpty()) {
            properties.add("acomm.unix.allowed-gids=" + ids(gids));
        }
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class)
                .withPropertyValues(properties.toArray(String[]::new)).run(context -> {
                    assertThat(context).hasNotFailed();
                    responseToTheTrackerIsTakenOnlyIfAllowed(context, allowed);
                    requestToTheProviderRunsOnlyIfAllowed(context, allowed);
                });
    }

    private static String ids(String names) {
        return names.replace("FOREIGN", String.valueOf(foreignId())).replace("UID", String.valueOf(currentUid()))
                .replace("GID", String.valueOf(currentGid()));
    }

    private static void responseToTheTrackerIsTakenOnlyIfAllowed(ApplicationContext context, boolean allowed)
            throws Exception {
        Tracker tracker = context.getBean(Tracker.class);
        CompletableFuture<Response> success = new CompletableFuture<>();
        CompletableFuture<Response> error = new CompletableFuture<>();
        Request request = track(tracker, "guarded", null, completing(success), completing(error));
        if (allowed) {
            Sender.defaults().send(tracker.url(), Response.success(request, "let in"));
            assertThat(resultOf(success).rawResult().asString()).isEqualTo("let in");
            return;
        }
        assertThatExceptionOfType(SendException.class)
                .isThrownBy(() -> Sender.defaults().send(tracker.url(), Response.success(request, "sneaked in")))
                .withMessageContaining(NOT_ALLOWED);
        byte[] raw = context.getBean(AcommJson.class).encode(Response.failure(request, "sneaked in raw"));
        assertThat(exchangeFrame(tracker.addr(), new String(raw, StandardCharsets.UTF_8)).error())
                .isEqualTo(NOT_ALLOWED);
        // a quiet period, for an assertion that nothing happens: the refused response runs no callback
        assertQuietFor(Duration.ofMillis(100), () -> {
            assertThat(success).as("success callback").isNotDone();
            assertThat(error).as("error callback").isNotDone();
        });
        assertThat(tracker.retrieveRequest(request.id())).as("the request is still tracked").isNotNull();
    }

    private static void requestToTheProviderRunsOnlyIfAllowed(ApplicationContext context, boolean allowed)
            throws Exception {
        Tracker tracker = context.getBean(Tracker.class);
        Provider provider = provider(context);
        Invocations invocations = context.getBean(Invocations.class);
        CompletableFuture<Response> answer = tracker.send(provider.url(),
                Request.builder().task("sum").args(List.of(2, 3)).build(), Duration.ofSeconds(5));
        if (allowed) {
            assertThat(resultOf(answer).rawResult().asInt()).isEqualTo(5);
            assertThat(invocations.tasks).containsExactly("sum");
            return;
        }
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                .havingCause().isInstanceOf(SendException.class).withMessageContaining(NOT_ALLOWED);
        Request direct = Request.builder().task("sum").responseHook(tracker.url()).args(List.of(1)).build();
        byte[] raw = context.getBean(AcommJson.class).encode(direct);
        assertThat(exchangeFrame(UnixTransport.socketPath(provider.url()), new String(raw, StandardCharsets.UTF_8))
                .error()).isEqualTo(NOT_ALLOWED);
        // a quiet period, for an assertion that nothing happens: the refused request runs no task
        assertQuietFor(Duration.ofMillis(100), () -> assertThat(invocations.tasks).as("tasks run").isEmpty());
        assertThat(provider.inFlight()).isZero();
        assertThat(tracker.numRequests()).isZero();
    }

    @ParameterizedTest(name = "socket-permissions=[{0}]")
    @CsvSource({
            "'',        rw-------, rwx------",
            "0660,      rw-rw----, rwxrwx---",
            "rw-rw----, rw-rw----, rwxrwx---",
    })
    void socketPermissionsApplyToEverySocketAndToTheDirectoriesCreatedForThem(String permissions,
            String socketMode, String directoryMode) throws IOException {
        Files.setPosixFilePermissions(this.socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path trackerDir = this.socketDir.resolve("t").resolve("a");
        Path taskDir = this.socketDir.resolve("p").resolve("tasks");
        Path streamDir = this.socketDir.resolve("s");
        List<String> properties = new ArrayList<>(List.of("acomm.tracker.socket-dir=" + trackerDir,
                "acomm.provider.socket-dir=" + taskDir));
        if (!permissions.isEmpty()) {
            properties.add("acomm.unix.socket-permissions=" + permissions);
        }
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class)
                .withPropertyValues(properties.toArray(String[]::new)).run(context -> {
                    assertThat(context).hasNotFailed();
                    Tracker tracker = context.getBean(Tracker.class);
                    Path stream = UnixTransport.socketPath(tracker.newStreamUnix(null,
                            new ByteArrayInputStream(new byte[1])));
                    Path streamInNewDir = UnixTransport.socketPath(tracker.newStreamUnix(streamDir,
                            new ByteArrayInputStream(new byte[1])));
                    List<Path> sockets = new ArrayList<>(provider(context).socketPaths());
                    sockets.addAll(List.of(tracker.addr(), stream, streamInNewDir));
                    assertThat(sockets).hasSize(5).allSatisfy(socket -> assertThat(mode(socket)).as("%s", socket)
                            .isEqualTo(socketMode));
                    for (Path created : Set.of(trackerDir, trackerDir.getParent(), taskDir, taskDir.getParent(),
                            streamDir)) {
                        assertThat(mode(created)).as("%s", created).isEqualTo(directoryMode);
                    }
                    assertThat(mode(this.socketDir)).as("a directory that was there before").isEqualTo("rwxr-xr-x");
                });
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
