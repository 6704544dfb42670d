package io.acomm.internal.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.internal.util.Closeables;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * The accepting threads of a {@link UnixListener}. Each blocks in {@code accept()} and serves the connection it gets
 * on its own thread, if the {@link ConnectionLimit} admits it, until the socket is closed; the last thread to end
 * tells the listener. A {@link RuntimeException} while serving is logged, and an {@link Error} makes the listener
 * unhealthy; either way the thread goes on accepting.
 */
final class Acceptors {

    /** How long accepting pauses after a failed accept, such as one for lack of file descriptors. */
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 10;

    private final ListenerSocket socket;
    private final ConnectionLimit limit;
    private final Serving serving;
    private final ListenerHealth health;
    private final Runnable whenEnded;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger running;

    /**
     * Creates the threads, not started yet.
     * @param settings the listener's name and how many threads accept
     * @param socket the bound socket
     * @param limit admits the connections
     * @param serving serves the admitted connections
     * @param health where failures are logged
     * @param whenEnded run once, by the last thread to end
     */
    Acceptors(ListenerSettings settings, ListenerSocket socket, ConnectionLimit limit, Serving serving,
            ListenerHealth health, Runnable whenEnded) {
        this.socket = socket;
        this.limit = limit;
        this.serving = serving;
        this.health = health;
        this.whenEnded = whenEnded;
        this.running = new AtomicInteger(settings.maxConcurrency());
        for (int i = 1; i <= settings.maxConcurrency(); i++) {
            Thread acceptor = new Thread(this::acceptLoop, settings.threadName(String.valueOf(i)));
            acceptor.setDaemon(true);
            this.threads.add(acceptor);
        }
    }

    /**
     * Starts the threads.
     */
    void start() {
        this.threads.forEach(Thread::start);
    }

    private void acceptLoop() {
        try {
            while (this.socket.isOpen()) {
                AFUNIXSocketChannel connection = accept();
                if (connection == null) {
                    continue;
                }
                if (!this.socket.isOpen()) {
                    Closeables.closeQuietly(connection);
                    return;
                }
                serve(connection);
            }
        }
        finally {
            if (this.running.decrementAndGet() == 0) {
                this.whenEnded.run();
            }
        }
    }

    /**
     * @return the next connection; {@code null} when accepting failed (the loop looks whether the socket is open)
     */
    private @Nullable AFUNIXSocketChannel accept() {
        try {
            return this.socket.accept();
        }
        catch (IOException | RuntimeException ex) {
            // junixsocket reports a socket closed meanwhile as NotYetBoundException, unchecked
            if (this.socket.isOpen()) {
                this.health.failed("acomm listener on {} failed to accept a connection: {}", this.socket.path(),
                        ex.getMessage());
                pauseAfterFailedAccept();
            }
            return null;
        }
    }

    private static void pauseAfterFailedAccept() {
        try {
            // a failed accept (out of file descriptors, say) fails again at once: give the system a moment
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(AFUNIXSocketChannel connection) {
        if (!this.limit.admit(connection)) {
            return;
        }
        try {
            this.serving.serve(connection);
        }
        catch (RuntimeException ex) {
            this.health.failed("acomm connection on {} failed: {}", this.socket.path(), ex.toString());
        }
        catch (Error ex) {
            this.health.becameUnhealthy(ex);
        }
    }

    /**
     * @param deadline the {@link System#nanoTime()} to wait until
     * @return whether every thread ended by then
     */
    boolean await(long deadline) {
        for (Thread acceptor : this.threads) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                acceptor.join(Math.max(1, remaining));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (acceptor.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Interrupts every thread, at the end of a stop that ran out of time.
     */
    void interrupt() {
        this.threads.forEach(Thread::interrupt);
    }
}
