package io.acomm.internal.server;

import java.io.IOException;

import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Serves one accepted connection of a {@link UnixListener}. The listener closes the socket afterwards.
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * @param socket the accepted connection
     * @throws IOException if the connection fails; the listener logs it and goes on serving
     */
    void handle(AFUNIXSocket socket) throws IOException;
}
