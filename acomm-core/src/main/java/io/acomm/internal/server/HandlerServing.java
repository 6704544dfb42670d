package io.acomm.internal.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.acomm.PeerFilter;
import io.acomm.internal.util.Closeables;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each connection with a {@link ConnectionHandler} on the accepting thread, then closes it; a peer the
 * {@link PeerFilter} refuses is closed unserved.
 */
final class HandlerServing implements Serving {

    private static final Logger logger = LoggerFactory.getLogger(UnixListener.class);

    private final Path socketPath;
    private final @Nullable PeerFilter peerFilter;
    private final ConnectionHandler handler;
    private final ConnectionLimit limit;
    private final ListenerHealth health;
    private final Set<AFUNIXSocketChannel> openConnections = ConcurrentHashMap.newKeySet();

    /**
     * @param settings the listener's socket path and peer filter
     * @param handler serves each connection
     * @param limit counts the connections closed
     * @param health where failures are logged
     */
    HandlerServing(ListenerSettings settings, ConnectionHandler handler, ConnectionLimit limit,
            ListenerHealth health) {
        this.socketPath = settings.socketPath();
        this.peerFilter = settings.peerFilter();
        this.handler = handler;
        this.limit = limit;
        this.health = health;
    }

    @Override
    public void serve(AFUNIXSocketChannel channel) {
        try {
            String refusedPeer = this.peerFilter == null ? null : PeerCheck.refusal(this.peerFilter, channel);
            if (refusedPeer != null) {
                this.health.refused("acomm connection on {} from a peer that is not allowed ({}) closed",
                        this.socketPath, refusedPeer);
                return;
            }
            AFUNIXSocket connection = ListenerSocket.closeWithoutShutdown(channel);
            this.openConnections.add(channel);
            this.handler.handle(connection);
        }
        catch (IOException | RuntimeException ex) {
            this.health.failed("acomm connection on {} failed: {}", this.socketPath, ex.toString());
            logger.debug("acomm connection failure on {}", this.socketPath, ex);
        }
        finally {
            Closeables.closeQuietly(channel);
            this.openConnections.remove(channel);
            this.limit.closed();
        }
    }

    @Override
    public void finish() {
        // every connection is served on its accepting thread: nothing goes on without one
    }

    @Override
    public boolean awaitWorkers(long deadline) {
        return true;
    }

    @Override
    public void cutOff() {
        this.openConnections.forEach(Closeables::closeQuietly);
    }
}
