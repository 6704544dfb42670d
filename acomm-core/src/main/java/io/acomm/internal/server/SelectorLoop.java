package io.acomm.internal.server;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.acomm.internal.util.Closeables;
import io.acomm.internal.util.Timeouts;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread turning a selector over Unix socket channels, each due by a deadline: the thread of a listener's
 * {@link ReadLoop} and of the stream server. Each turn lets the subclass do its work before selecting,
 * selects until the next deadline, hands over what is ready, then lets the subclass expire what is overdue. A turn
 * that fails (a failure of the selector itself, never of one channel) is logged and the loop goes on; when the loop
 * stops, the subclass closes what it still holds and the selector is closed.
 */
public abstract class SelectorLoop {

    private static final Logger logger = LoggerFactory.getLogger(SelectorLoop.class);

    /** What {@link #nextDeadline()} answers when nothing is due. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    public final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Opens the selector; {@link #start()} starts the thread.
     * @param threadName the thread's name
     * @throws IOException if no selector can be opened
     */
    public SelectorLoop(String threadName) throws IOException {
        this.selector = AFUNIXSelectorProvider.provider().openSelector();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread; a subclass does so once it is built.
     */
    public final void start() {
        this.thread.start();
    }

    /**
     * @return whether the loop has not been stopped
     */
    public final boolean isRunning() {
        return this.running;
    }

    /**
     * Stops the loop, which then closes what it holds; waits for its thread up to a second.
     */
    public final void stop() {
        this.running = false;
        this.selector.wakeup();
        try {
            this.thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Work of each turn before selecting, such as registering the channels handed over since the last turn.
     */
    protected abstract void beforeSelect();

    /**
     * @return the {@link System#nanoTime()} when the next channel is due, or {@link #NO_DEADLINE}
     */
    protected abstract long nextDeadline();

    /**
     * Handles a channel that is ready.
     * @param attachment what its key carries
     */
    protected abstract void ready(Object attachment);

    /**
     * Ends what is overdue.
     * @param now the current {@link System#nanoTime()}
     */
    protected abstract void expire(long now);

    /**
     * Closes what the loop still holds, once it has stopped; on the loop's thread.
     */
    protected abstract void closeAll();

    private void run() {
        try {
            while (this.running) {
                try {
                    turn();
                }
                catch (IOException | RuntimeException | Error ex) {
                    logger.error("acomm selector thread {} failed; it goes on", this.thread.getName(), ex);
                }
            }
        }
        finally {
            try {
                closeAll();
            }
            finally {
                Closeables.closeQuietly(this.selector);
            }
        }
    }

    private void turn() throws IOException {
        beforeSelect();
        long deadline = nextDeadline();
        if (deadline == NO_DEADLINE) {
            this.selector.select();
        }
        else {
            // junixsocket's select(0) does not wait at all
            this.selector.select(Math.max(1, Timeouts.millisUntil(deadline)));
        }
        Iterator<SelectionKey> selected = this.selector.selectedKeys().iterator();
        while (selected.hasNext()) {
            SelectionKey key = selected.next();
            selected.remove();
            ready(key.attachment());
        }
        expire(System.nanoTime());
    }
}
