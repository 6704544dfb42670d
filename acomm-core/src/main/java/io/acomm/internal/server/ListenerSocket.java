package io.acomm.internal.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.acomm.internal.util.Closeables;
import io.acomm.internal.util.SocketPaths;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound server socket of a {@link UnixListener}. Binding creates the missing parent directories, replaces a stale
 * socket file of a dead process, refuses a path where a live listener answers and gives the socket file its
 * permissions; closing ends every {@code accept()} waiting on the socket and deletes the file.
 */
final class ListenerSocket {

    private static final Logger logger = LoggerFactory.getLogger(UnixListener.class);

    private final Path path;
    private final AFUNIXServerSocket server;
    private volatile boolean open = true;

    private ListenerSocket(Path path, AFUNIXServerSocket server) {
        this.path = path;
        this.server = server;
    }

    /**
     * @param settings the listener's socket path, permissions and backlog
     * @return the socket, bound
     * @throws IOException if the socket cannot be bound, naming the path and the reason
     */
    static ListenerSocket bind(ListenerSettings settings) throws IOException {
        Path path = settings.socketPath();
        String tooLong = SocketPaths.lengthProblem(path);
        if (tooLong != null) {
            throw new IOException("cannot listen on " + path + ": " + tooLong);
        }
        SocketFiles.createParents(path, SocketFiles.directoryPermissions(settings.permissions()));
        SocketFiles.clearStale(path);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        try {
            server.setReuseAddress(false);
            server.setDeleteOnClose(false);
            server.bind(AFUNIXSocketAddress.of(path), settings.backlog());
            Files.setPosixFilePermissions(path, settings.permissions());
            return new ListenerSocket(path, server);
        }
        catch (IOException ex) {
            server.close();
            throw new IOException("cannot listen on " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @return the socket's path
     */
    Path path() {
        return this.path;
    }

    /**
     * @return whether the socket accepts connections: {@code false} from the moment {@link #close()} begins
     */
    boolean isOpen() {
        return this.open;
    }

    /**
     * Waits for the next connection.
     * @return the connection
     * @throws IOException if accepting fails; a socket closed meanwhile may also throw an unchecked exception
     */
    AFUNIXSocketChannel accept() throws IOException {
        return this.server.getChannel().accept();
    }

    /**
     * Refuses new connections at once and deletes the socket file.
     */
    void close() {
        this.open = false;
        // closing shuts the socket down first, which ends every accept() waiting on it
        Closeables.closeQuietly(this.server);
        try {
            Files.deleteIfExists(this.path);
        }
        catch (IOException ex) {
            logger.warn("cannot delete acomm socket file {}: {}", this.path, ex.getMessage());
        }
    }

    /**
     * The descriptor of an accepted connection is this process's alone, so closing it ends the connection without
     * the extra {@code shutdown()} junixsocket makes by default, which may otherwise hit a descriptor number that
     * was closed and reused meanwhile (closing still shuts the socket down once, which wakes a blocked reader).
     * @param channel an accepted connection
     * @return its socket, which closes without that extra {@code shutdown()}
     */
    static AFUNIXSocket closeWithoutShutdown(AFUNIXSocketChannel channel) {
        AFUNIXSocket socket = (AFUNIXSocket) channel.socket();
        socket.setShutdownOnClose(false);
        return socket;
    }
}
