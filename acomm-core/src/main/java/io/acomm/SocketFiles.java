package io.acomm;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * File-system chores around Unix socket files: parent directories, permissions, and telling a stale socket file from
 * one a live listener answers on.
 */
final class SocketFiles {

    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private SocketFiles() {
    }

    /**
     * The permissions of a directory created for sockets: the owner's always, the group's when the socket grants
     * the group any access.
     */
    static Set<PosixFilePermission> directoryPermissions(Set<PosixFilePermission> socketPermissions) {
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
    static void createParents(Path socketPath, Set<PosixFilePermission> directoryPermissions) throws IOException {
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
    static void clearStale(Path socketPath) throws IOException {
        if (!Files.exists(socketPath)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socketPath, "unix:mode");
        if ((mode & FILE_TYPE_MASK) != SOCKET_TYPE) {
            throw new IOException("cannot listen on " + socketPath + ": the path exists and is not a socket");
        }
        try (AFUNIXSocket probe = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath))) {
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
}
