package io.acomm.spring.boot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.acomm.internal.server.SocketFiles;
import io.acomm.internal.server.SocketPermissions;
import io.acomm.internal.util.SocketPaths;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.FileSystemUtils;

/**
 * Where acomm's sockets go, resolved and checked when the bean is created, before the web server starts: the
 * configured socket paths and directories, and, where none is configured, a private directory of this application
 * instance under the system temp directory ({@code acomm-<spring.application.name>-<pid>-<random>}, created with
 * the permissions of socket directories and deleted with the context), so that two applications on one host never
 * share a default socket. A location that cannot be used fails with an {@link AcommSocketException}.
 */
public class AcommSocketLocations implements DisposableBean {

    /** The name of the provider's socket in the private directory. */
    static final String PROVIDER_SOCKET = "provider.sock";

    /** The longest name acomm gives a socket in a directory: a tracker's or a stream's, with 16 random digits. */
    private static final String LONGEST_GENERATED_NAME = "acommTracker-0123456789abcdef.sock";

    /** The shortest name of a task's socket in the provider's socket directory. */
    private static final String SHORTEST_TASK_SOCKET = "t.sock";

    private static final int MAX_NAME_IN_PRIVATE_DIR = 20;

    /** A private directory's name: {@code acomm-[<application>-]<pid>-<random digits>}. */
    private static final Pattern PRIVATE_DIR_NAME = Pattern.compile("acomm-(?:.*-)?(\\d+)-\\d+");

    private static final Logger logger = LoggerFactory.getLogger(AcommSocketLocations.class);

    private final @Nullable Path privateDir;
    private final @Nullable Path trackerSocketPath;
    private final Path trackerSocketDir;
    private final @Nullable Path providerSocketPath;
    private final @Nullable Path providerSocketDir;

    /**
     * Resolves the locations, creates the private directory if a default is needed, and checks every location.
     * @param properties the {@code acomm.*} properties
     * @param applicationName {@code spring.application.name}, part of the private directory's name
     * @throws AcommSocketException naming the property of a location that cannot be used
     */
    public AcommSocketLocations(AcommProperties properties, @Nullable String applicationName) {
        AcommProperties.TrackerProperties tracker = properties.getTracker();
        AcommProperties.ProviderProperties provider = properties.getProvider();
        boolean trackerDefault = tracker.getSocketPath() == null && tracker.getSocketDir() == null;
        boolean providerDefault = provider.getSocketPath() == null && provider.getSocketDir() == null;
        this.privateDir = trackerDefault || providerDefault ? createPrivateDir(applicationName,
                SocketFiles.directoryPermissions(SocketPermissions.parse(properties.getUnix().getSocketPermissions())))
                : null;
        this.trackerSocketPath = absolute(tracker.getSocketPath());
        this.trackerSocketDir = this.trackerSocketPath != null ? this.trackerSocketPath.getParent()
                : tracker.getSocketDir() != null ? tracker.getSocketDir().toAbsolutePath() : this.privateDir;
        this.providerSocketPath = providerDefault ? this.privateDir.resolve(PROVIDER_SOCKET)
                : absolute(provider.getSocketPath());
        this.providerSocketDir = absolute(provider.getSocketDir());
        try {
            check();
        }
        catch (RuntimeException ex) {
            destroy();
            throw ex;
        }
    }

    private static @Nullable Path absolute(@Nullable Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    /**
     * @return the path of the tracker's socket when {@code acomm.tracker.socket-path} sets it, otherwise
     *     {@code null} (the tracker's socket gets a unique name in {@link #trackerSocketDir()})
     */
    public @Nullable Path trackerSocketPath() {
        return this.trackerSocketPath;
    }

    /**
     * @return the directory of the tracker's socket and of the unix streams
     */
    public Path trackerSocketDir() {
        return this.trackerSocketDir;
    }

    /**
     * @return the path of the provider's socket serving every task, or {@code null} when only
     *     {@code acomm.provider.socket-dir} is set
     */
    public @Nullable Path providerSocketPath() {
        return this.providerSocketPath;
    }

    /**
     * @return the directory of the tasks' own sockets, or {@code null} when there is none
     */
    public @Nullable Path providerSocketDir() {
        return this.providerSocketDir;
    }

    /**
     * @return the private directory of this application instance, or {@code null} when every location is
     *     configured
     */
    public @Nullable Path privateDir() {
        return this.privateDir;
    }

    /**
     * Checks the sockets the tasks get in {@code acomm.provider.socket-dir}, once the tasks are known (before the
     * web server starts): each path fits the kernel's limit, is no other acomm socket, and has no live listener.
     * @param socketPaths the paths of the provider's sockets, as {@link io.acomm.Provider#socketPaths()} gives them
     * @throws AcommSocketException naming {@code acomm.provider.socket-dir} for a task socket that cannot be used
     */
    public void checkTaskSockets(List<Path> socketPaths) {
        Path dir = this.providerSocketDir;
        if (dir == null) {
            return;
        }
        String property = "acomm.provider.socket-dir";
        for (Path socketPath : socketPaths) {
            if (!dir.equals(socketPath.getParent()) || socketPath.equals(this.providerSocketPath)) {
                continue;
            }
            String task = socketPath.getFileName().toString().replaceFirst("\\.sock$", "");
            length(property, dir, socketPath, "the socket of task '" + task + "', " + socketPath);
            if (socketPath.equals(this.trackerSocketPath)) {
                throw new AcommSocketException(property, dir.toString(), "acomm.tracker.socket-path is the socket "
                        + "of task '" + task + "', and each socket has one listener",
                        "Give acomm.tracker.socket-path a path outside " + dir + ".");
            }
            free(property, socketPath, "Stop the process that listens there, or set " + property + " to a "
                    + "directory of this application's own.");
        }
    }

    /**
     * Deletes the private directory and whatever is left in it.
     */
    @Override
    public void destroy() {
        if (this.privateDir == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(this.privateDir);
        }
        catch (IOException ex) {
            logger.warn("cannot delete the acomm socket directory {}: {}", this.privateDir, ex.toString());
        }
    }

    private static Path createPrivateDir(@Nullable String applicationName, Set<PosixFilePermission> permissions) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        deleteDirsOfDeadProcesses(temp);
        String name = applicationName == null ? "" : applicationName.replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.length() > MAX_NAME_IN_PRIVATE_DIR) {
            name = name.substring(0, MAX_NAME_IN_PRIVATE_DIR);
        }
        String prefix = "acomm-" + (name.isEmpty() ? "" : name + "-") + ProcessHandle.current().pid() + "-";
        try {
            Path dir = Files.createTempDirectory(temp, prefix, PosixFilePermissions.asFileAttribute(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE)));
            Files.setPosixFilePermissions(dir, permissions);
            return dir;
        }
        catch (IOException | UnsupportedOperationException ex) {
            throw new AcommSocketException("acomm.tracker.socket-dir", temp.resolve(prefix + "*").toString(),
                    "no socket directory can be created for this application in the system temp directory ("
                            + ex + ")",
                    "Set acomm.tracker.socket-dir and acomm.provider.socket-path to locations this application can "
                            + "write to, or give java.io.tmpdir a writable directory.");
        }
    }

    /**
     * Deletes the private directories that processes of this user left behind when they died without closing their
     * context (a {@code kill -9}, a crash): those whose name carries the pid of a process that no longer runs.
     */
    private static void deleteDirsOfDeadProcesses(Path temp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(temp, "acomm-*")) {
            for (Path dir : dirs) {
                Matcher name = PRIVATE_DIR_NAME.matcher(dir.getFileName().toString());
                if (name.matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && isOurs(dir)
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    FileSystemUtils.deleteRecursively(dir);
                    logger.info("deleted {}, the acomm socket directory of process {}, which no longer runs", dir,
                            name.group(1));
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            logger.debug("cannot look for acomm socket directories of dead processes in {}: {}", temp, ex.toString());
        }
    }

    private static boolean isOurs(Path dir) throws IOException {
        return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private void check() {
        directory("acomm.tracker.socket-path", this.trackerSocketPath, true);
        directory("acomm.tracker.socket-dir", this.trackerSocketPath == null ? this.trackerSocketDir : null, false);
        directory("acomm.provider.socket-path", this.providerSocketPath, true);
        directory("acomm.provider.socket-dir", this.providerSocketDir, false);
        length("acomm.tracker.socket-path", this.trackerSocketPath, null);
        length("acomm.tracker.socket-dir", this.trackerSocketPath == null ? this.trackerSocketDir : null,
                LONGEST_GENERATED_NAME);
        length("acomm.provider.socket-path", this.providerSocketPath, null);
        length("acomm.provider.socket-dir", this.providerSocketDir, SHORTEST_TASK_SOCKET);
        if (this.trackerSocketPath != null && this.trackerSocketPath.equals(this.providerSocketPath)) {
            throw new AcommSocketException("acomm.tracker.socket-path", this.trackerSocketPath.toString(),
                    "acomm.provider.socket-path is the same socket, and each socket has one listener",
                    "Give acomm.tracker.socket-path and acomm.provider.socket-path different paths, or leave "
                            + "either unset for a path of its own.");
        }
        free("acomm.tracker.socket-path", this.trackerSocketPath);
        free("acomm.provider.socket-path", this.providerSocketPath);
    }

    /**
     * Checks that a directory of sockets (or a socket path's parent) exists as a writable directory or can be
     * created. {@link Files#isWritable} answers yes for root even where nothing can be created (such as
     * {@code /proc}), so a missing directory is tried with a probe directory.
     */
    private static void directory(String property, @Nullable Path location, boolean isSocketPath) {
        if (location == null) {
            return;
        }
        Path directory = isSocketPath ? location.getParent() : location;
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean missing = existing != null && !existing.equals(directory);
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)
                || (missing && !canCreateDirectoryIn(existing))) {
            String reason = existing == null ? "directory " + directory + " cannot be created"
                    : !Files.isDirectory(existing) ? existing + " is not a directory"
                    : missing ? "directory " + directory + " cannot be created in " + existing
                    : "directory " + directory + " is not writable";
            throw new AcommSocketException(property, location.toString(), reason, "Set " + property
                    + " to a location in a directory this application can write to (or can create), or give this "
                    + "application's user write access to " + (existing != null ? existing : directory) + ".");
        }
    }

    private static boolean canCreateDirectoryIn(Path directory) {
        try {
            Files.delete(Files.createTempDirectory(directory, ".acomm-probe-"));
            return true;
        }
        catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    /**
     * Checks that a socket path, or the sockets a directory gets (with a file name at least as long as the one
     * given), fit in the kernel's limit.
     */
    private static void length(String property, @Nullable Path location, @Nullable String fileName) {
        if (location != null) {
            Path socket = fileName == null ? location : location.resolve(fileName);
            length(property, location, socket, fileName == null ? null : "its sockets' paths, such as " + socket);
        }
    }

    /**
     * Checks that a socket fits in the kernel's limit.
     * @param which names the socket in the reason, or {@code null} when it is the location itself
     */
    private static void length(String property, Path location, Path socket, @Nullable String which) {
        String problem = SocketPaths.lengthProblem(socket);
        if (problem != null) {
            throw new AcommSocketException(property, location.toString(),
                    which == null ? problem : which + ": " + problem, "Set " + property + " to a shorter path, by "
                            + (SocketPaths.bytes(socket) - SocketPaths.MAX_BYTES) + " bytes at least.");
        }
    }

    /**
     * Checks that no live listener answers on a socket path (a stale socket file of a dead process is deleted, as
     * binding would).
     */
    private static void free(String property, @Nullable Path socketPath) {
        if (socketPath != null) {
            free(property, socketPath, "Stop the process that listens there, or set " + property + " to another "
                    + "path (unset, each application instance gets a path of its own).");
        }
    }

    private static void free(String property, Path socketPath, String action) {
        try {
            SocketFiles.clearStale(socketPath);
        }
        catch (IOException ex) {
            throw new AcommSocketException(property, socketPath.toString(), ex.getMessage(), action);
        }
    }
}
