package io.acomm.internal.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system chores around Unix socket files: parent directories, permissions, and telling a stale socket file from
 * one a live listener answers on.
 */
public final class SocketFiles {

    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private static final Path PROC_NET_UNIX = Path.of("/proc/net/unix");

    private static final Logger logger = LoggerFactory.getLogger(SocketFiles.class);

    private SocketFiles() {
    }

    /**
     * The permissions of a directory created for sockets: the owner's always, the group's when the socket grants
     * the group any access.
     */
    public static Set<PosixFilePermission> directoryPermissions(Set<PosixFilePermission> socketPermissions) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        if (socketPermissions.contains(PosixFilePermission.GROUP_READ)
                || socketPermissions.contains(PosixFilePermission.GROUP_WRITE)) {
            permissions.addAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE));
        }
        return permissions;
    }

    /**
     * Creates the missing parent directories of a socket path, each with the given permissions.
     */
    public static void createParents(Path socketPath, Set<PosixFilePermission> directoryPermissions)
            throws IOException {
        Path parent = socketPath.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        createParents(parent, directoryPermissions);
        try {
            Files.createDirectory(parent);
            Files.setPosixFilePermissions(parent, directoryPermissions);
        }
        catch (FileAlreadyExistsException ex) {
            if (!Files.isDirectory(parent)) {
                throw new IOException("cannot create socket directory " + parent + ": a file is in the way", ex);
            }
        }
    }

    /**
     * Makes room to bind a socket path: removes a stale socket file left by a dead process, refuses a path that a
     * live listener answers on or that is not a socket.
     */
    public static void clearStale(Path socketPath) throws IOException {
        if (!Files.exists(socketPath)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socketPath, "unix:mode");
        if ((mode & FILE_TYPE_MASK) != SOCKET_TYPE) {
            throw new IOException("cannot listen on " + socketPath + ": the path exists and is not a socket");
        }
        try {
            AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath)).close();
            throw new IOException("cannot listen on " + socketPath + ": another listener is already active there");
        }
        catch (ConnectionRefusedSocketException stale) {
            // nobody accepts there: a dead process left the file
            Files.deleteIfExists(socketPath);
        }
        catch (SocketException ex) {
            throw new IOException("cannot listen on " + socketPath + ": cannot tell whether the socket there is in "
                    + "use (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * Deletes the socket files in a directory whose names begin with one of the prefixes and that no process
     * listens on, as a crash leaves them. Whether a socket is listened on is read from {@code /proc/net/unix},
     * which lists every bound unix socket; a socket is never connected to for this, since a one-shot stream socket
     * would take the probe for its reader. Where that list cannot be read, nothing is deleted.
     * @param dir the directory (a missing one holds nothing to delete)
     * @param prefixes the file name prefixes
     * @return how many files were deleted
     */
    public static int deleteStale(Path dir, String... prefixes) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Set<String> bound;
        try {
            bound = boundSocketPaths();
        }
        catch (IOException ex) {
            logger.debug("stale socket files in {} left alone: {}", dir, ex.getMessage());
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                file -> hasPrefix(file.getFileName().toString(), prefixes) && isSocket(file))) {
            for (Path file : files) {
                if (!bound.contains(file.toAbsolutePath().toString()) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        catch (IOException | DirectoryIteratorException ex) {
            logger.warn("cannot clean stale socket files in {}: {}", dir, ex.toString());
        }
        if (deleted > 0) {
            logger.info("deleted {} stale acomm socket file(s) in {}", deleted, dir);
        }
        return deleted;
    }

    private static boolean hasPrefix(String name, String... prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSocket(Path file) {
        try {
            return (((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & FILE_TYPE_MASK)
                    == SOCKET_TYPE;
        }
        catch (IOException | UnsupportedOperationException ex) {
            return false;
        }
    }

    /**
     * @return the paths of the unix sockets bound in this network namespace: the last column of
     *     {@code /proc/net/unix}
     */
    private static Set<String> boundSocketPaths() throws IOException {
        Set<String> paths = new HashSet<>();
        try (BufferedReader lines = Files.newBufferedReader(PROC_NET_UNIX)) {
            lines.readLine();
            String line;
            while ((line = lines.readLine()) != null) {
                // no column before the path holds a slash; the path itself may hold spaces
                int path = line.indexOf('/');
                if (path >= 0) {
                    paths.add(line.substring(path));
                }
            }
        }
        return paths;
    }
}
