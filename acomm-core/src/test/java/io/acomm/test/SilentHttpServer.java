package io.acomm.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hook that accepts connections on a free loopback port and never answers, standing for a hung HTTP service.
 */
public final class SilentHttpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public SilentHttpServer() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptUntilClosed, "silent-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptUntilClosed() {
        try {
            while (true) {
                this.accepted.add(this.server.accept());
            }
        }
        catch (IOException closed) {
            // the server socket was closed: the test is over
        }
    }

    public URI hook() {
        return URI.create("http://127.0.0.1:" + this.server.getLocalPort() + "/hook");
    }

    public int connections() {
        return this.accepted.size();
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket socket : this.accepted) {
            socket.close();
        }
    }
}
