package io.acomm.sample.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * Connections to a socket that each hold half a frame header, 2 of its 4 bytes, and then send nothing until they
 * are closed: peers that a listener must not wait for while it serves others.
 */
final class StalledPeers implements AutoCloseable {

    private static final byte[] HALF_HEADER = new byte[2];

    private final List<AFUNIXSocketChannel> connections = new ArrayList<>();

    private StalledPeers() {
    }

    /**
     * Connects the peers one after the other, each with one connect as {@link OneShotPeer} does; a peer whose
     * connect or write fails is not held.
     * @param socket the socket to stall
     * @param count how many peers to connect
     * @return the peers held
     */
    static StalledPeers open(Path socket, int count) throws IOException {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(socket);
        StalledPeers peers = new StalledPeers();
        for (int i = 0; i < count; i++) {
            peers.hold(address);
        }
        return peers;
    }

    private void hold(AFUNIXSocketAddress address) {
        try {
            AFUNIXSocketChannel connection = OneShotPeer.connect(address);
            if (connection == null) {
                return;
            }
            try {
                connection.write(ByteBuffer.wrap(HALF_HEADER));
                this.connections.add(connection);
            }
            catch (IOException ex) {
                connection.close();
            }
        }
        catch (IOException ex) {
            // neither refused nor failed peers are held, as held() shows
        }
    }

    int held() {
        return this.connections.size();
    }

    /**
     * Releases every peer: closing a connection ends the frame it held.
     */
    @Override
    public void close() throws IOException {
        for (AFUNIXSocketChannel connection : this.connections) {
            connection.close();
        }
    }
}
