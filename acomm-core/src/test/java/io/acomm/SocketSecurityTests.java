package io.acomm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import io.acomm.internal.server.SocketPermissions;
import io.acomm.test.ListenerUnderTest;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.acomm.test.TestSupport.exchangeFrame;
import static io.acomm.test.TestSupport.exchangeRaw;
import static io.acomm.test.TestSupport.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The permissions of socket files and of the directories created for them, and the peer-credential allow-list of
 * the tracker and provider sockets.
 */
class SocketSecurityTests {

    /** A uid that is neither this process's nor root's. */
    private static final long STRANGER = 4242;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private Tracker tracker(TrackerBuilder builder) {
        Tracker tracker = builder.build();
        this.closeables.add(() -> TestTrackers.stopQuietly(tracker));
        tracker.startListener();
        return tracker;
    }

    private Provider provider(ProviderBuilder builder) {
        Provider provider = builder.task("echo", request -> CompletableFuture.completedFuture(
                Response.success(request, null))).build();
        this.closeables.add(() -> provider.stop(Duration.ofSeconds(1)));
        provider.start();
        return provider;
    }

    private <T extends ListenerUnderTest> T target(T target) {
        this.closeables.add(target);
        return target;
    }

    // ---- permissions ----

    @Test
    void trackerProviderAndStreamSocketsAreOwnerOnlyByDefault() throws IOException {
        Tracker tracker = tracker(Tracker.builder().socketPath(this.dir.resolve("tracker.sock")));
        Provider provider = provider(Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .taskSocketDir(this.dir.resolve("tasks")));
        URI stream = tracker.newStreamUnix(null, new ByteArrayInputStream(new byte[] { 1 }));

        assertThat(permissions(tracker.addr())).as("tracker socket").isEqualTo("rw-------");
        for (Path socket : provider.socketPaths()) {
            assertThat(permissions(socket)).as("provider socket %s", socket).isEqualTo("rw-------");
        }
        assertThat(permissions(UnixTransport.socketPath(stream))).as("stream socket").isEqualTo("rw-------");
    }

    @Test
    void socketPermissionsAreConfigurable() throws IOException {
        Tracker tracker = tracker(Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .socketPermissions(SocketPermissions.parse("0660")));
        Provider provider = provider(Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .socketPermissions(SocketPermissions.parse("0660")));

        assertThat(permissions(tracker.addr())).isEqualTo("rw-rw----");
        assertThat(permissions(provider.socketPaths().get(0))).isEqualTo("rw-rw----");
    }

    @Test
    void directoriesCreatedForSocketsAreOwnerOnly() throws IOException {
        tracker(Tracker.builder().socketPath(this.dir.resolve("t/run/tracker.sock")));
        provider(Provider.builder().socketPath(this.dir.resolve("p/provider.sock"))
                .taskSocketDir(this.dir.resolve("tasks/run")));

        for (String created : List.of("t", "t/run", "p", "tasks", "tasks/run")) {
            assertThat(permissions(this.dir.resolve(created))).as("directory %s", created).isEqualTo("rwx------");
        }
    }

    @Test
    void directoriesCreatedForGroupSocketsAreGroupAccessible() throws IOException {
        tracker(Tracker.builder().socketPath(this.dir.resolve("t/run/tracker.sock"))
                .socketPermissions(SocketPermissions.parse("0660")));
        provider(Provider.builder().taskSocketDir(this.dir.resolve("tasks/run"))
                .socketPermissions(SocketPermissions.parse("0660")));

        for (String created : List.of("t", "t/run", "tasks", "tasks/run")) {
            assertThat(permissions(this.dir.resolve(created))).as("directory %s", created).isEqualTo("rwxrwx---");
        }
    }

    @Test
    void anExistingDirectoryKeepsItsPermissions() throws IOException {
        Path existing = Files.createDirectory(this.dir.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));

        tracker(Tracker.builder().socketPath(existing.resolve("tracker.sock")));

        assertThat(permissions(existing)).isEqualTo("rwxr-x---");
    }

    // ---- the peer filter ----

    @Test
    void theDefaultFilterAllowsTheCurrentUserAndRootOnly() throws IOException {
        assertThat(PeerFilter.currentUserAndRoot().uids()).isEqualTo(new HashSet<>(List.of(PeerFilter.currentUid(),
                0L)));
        assertThat(PeerFilter.currentUserAndRoot().gids()).isEmpty();
        target(ListenerUnderTest.tracker(this.dir, PeerFilter.currentUserAndRoot())).assertServes();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ListenerUnderTest.Kind.class)
    void aPeerOutsideTheAllowListGetsPeerNotAllowedAndNothingIsProcessed(ListenerUnderTest.Kind kind) throws Exception {
        ListenerUnderTest target = target(kind.start(this.dir, PeerFilter.of(Set.of(STRANGER), Set.of())));
        String id = target.newId();

        Response ack = exchangeFrame(target.socket(), target.validMessage(id));
        Response hostile = exchangeRaw(target.socket(), header(0xFFFF_FFFFL, new byte[0]));

        assertThat(ack.error()).isEqualTo("peer not allowed");
        assertThat(hostile.error()).as("a refused peer's hostile frame is not looked at")
                .isEqualTo("peer not allowed");
        // a quiet period, for an assertion that nothing happens: the refused messages are never processed
        TestSupport.assertQuietFor(Duration.ofMillis(100), () -> {
            assertThat(target.processed()).as("messages processed").isZero();
            assertThat(target.wasProcessed(id)).isFalse();
        });
        assertThat(this.log.warnings()).hasSize(2).allMatch(line -> line.contains(
                "from a peer that is not allowed (uid " + PeerFilter.currentUid() + ", gid "));
        this.log.assertNoStackTraces();
        if (target instanceof ListenerUnderTest.TrackerTarget tracker) {
            assertThat(tracker.tracker().numRequests()).as("the request is still tracked").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ListenerUnderTest.Kind.class)
    void anAllowedGroupLetsAPeerIn(ListenerUnderTest.Kind kind) throws Exception {
        long gid = new UnixSystem().getGid();
        ListenerUnderTest target = target(kind.start(this.dir, PeerFilter.of(Set.of(STRANGER), Set.of(gid))));

        target.assertServes();
        assertThat(this.log.warnings()).isEmpty();
    }

    // ---- a real peer running as another user ----

    private static final String CLIENT = String.join("\n",
            "import socket, struct, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "try:",
            "    s.connect(sys.argv[1])",
            "except OSError as e:",
            "    print('connect failed: ' + e.strerror)",
            "    sys.exit(0)",
            "p = sys.argv[2].encode()",
            "s.sendall(struct.pack('>I', len(p)) + p)",
            "data = b''",
            "while True:",
            "    chunk = s.recv(4096)",
            "    if not chunk:",
            "        break",
            "    data += chunk",
            "print(data[4:].decode())");

    /**
     * Runs a client as {@code nobody} (uid 65534) that sends one frame and prints the ack, or why it could not
     * connect. Needs root (to switch users), {@code setpriv} and {@code /usr/bin/python3}.
     */
    private static String sendAsNobody(Path socket, byte[] payload) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", CLIENT, socket.toString(), new String(payload, StandardCharsets.UTF_8))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("client as nobody finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    private void assumeWeCanRunAsNobody() throws Exception {
        assumeTrue(PeerFilter.currentUid() == 0, "switching to another user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        Process probe = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/python3", "-c", "pass").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "setpriv cannot run python3 as nobody here");
        // let nobody reach the socket: the temp dir is owner-only
        Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Test
    void anotherUserCannotConnectToAnOwnerOnlySocket() throws Exception {
        assumeWeCanRunAsNobody();
        ListenerUnderTest.TrackerTarget target = target(ListenerUnderTest.tracker(this.dir,
                PeerFilter.currentUserAndRoot()));
        String id = target.newId();

        assertThat(sendAsNobody(target.socket(), target.validMessage(id))).isEqualTo("connect failed: Permission "
                + "denied");
        target.assertServes(id);
    }

    @Test
    void anotherUserIsRefusedByTheDefaultFilterEvenWhenTheSocketLetsThemConnect() throws Exception {
        assumeWeCanRunAsNobody();
        ListenerUnderTest.TrackerTarget target = target(ListenerUnderTest.tracker(this.dir,
                PeerFilter.currentUserAndRoot()));
        Files.setPosixFilePermissions(target.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        String id = target.newId();

        String ack = sendAsNobody(target.socket(), target.validMessage(id));

        assertThat(TestSupport.tree(ack).get("error").asString()).isEqualTo("peer not allowed");
        assertThat(this.log.warnings()).singleElement().asString().contains("uid 65534");
        target.assertServes(id);
    }
}
