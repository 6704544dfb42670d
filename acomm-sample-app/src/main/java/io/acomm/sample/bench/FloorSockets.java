package io.acomm.sample.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

import jdk.net.ExtendedSocketOptions;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The Unix sockets a {@link RawFloor} is built on: junixsocket's, as the reference floor and acomm use them, or the
 * JDK's own channels, with or without reading each accepted peer's credentials, to show what the socket library and
 * a per-connection peer check cost on the machine.
 */
enum FloorSockets {

    /** junixsocket's blocking sockets, as the reference floor has always used them. */
    JUNIXSOCKET {
        @Override
        Server listen(Path path) throws IOException {
            AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(path), true);
            return new Server() {
                @Override
                public Connection accept() throws IOException {
                    return connection(server.accept());
                }

                @Override
                public void close() throws IOException {
                    server.close();
                }
            };
        }

        @Override
        Target target(Path path) throws IOException {
            AFUNIXSocketAddress address = AFUNIXSocketAddress.of(path);
            return () -> connection(AFUNIXSocket.connectTo(address));
        }

        private Connection connection(AFUNIXSocket socket) throws IOException {
            return new Connection(socket.getInputStream(), socket.getOutputStream(), socket);
        }
    },

    /** The JDK's blocking Unix domain socket channels (Java 16 and later). */
    JDK {
        @Override
        Server listen(Path path) throws IOException {
            return jdkServer(path, false);
        }
    },

    /** The JDK's channels, reading and checking the credentials of each accepted peer, as acomm's peer filter does. */
    JDK_PEER_CHECKED {
        @Override
        Server listen(Path path) throws IOException {
            return jdkServer(path, true);
        }
    };

    /** A bound socket that accepts connections. */
    interface Server extends Closeable {

        /**
         * @return the next connection from an allowed peer
         */
        Connection accept() throws IOException;
    }

    /** A socket to connect to, its address resolved once. */
    interface Target {

        Connection connect() throws IOException;
    }

    /** One connection's streams, and what closes it. */
    record Connection(InputStream in, OutputStream out, Closeable socket) implements Closeable {

        @Override
        public void close() throws IOException {
            this.socket.close();
        }
    }

    /**
     * @param path where to listen
     * @return the bound socket
     */
    abstract Server listen(Path path) throws IOException;

    /**
     * @param path a socket to connect to
     * @return what connects to it
     */
    Target target(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        return () -> connection(SocketChannel.open(address));
    }

    private static Server jdkServer(Path path, boolean checkPeers) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        UserPrincipal self = checkPeers ? currentUser() : null;
        return new Server() {
            @Override
            public Connection accept() throws IOException {
                while (true) {
                    SocketChannel channel = server.accept();
                    if (self == null || channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().equals(self)) {
                        return connection(channel);
                    }
                    channel.close();
                }
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }

    private static UserPrincipal currentUser() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    private static Connection connection(SocketChannel channel) {
        return new Connection(Channels.newInputStream(channel), Channels.newOutputStream(channel), channel);
    }
}
