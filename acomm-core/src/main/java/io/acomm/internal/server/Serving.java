package io.acomm.internal.server;

import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * How a {@link UnixListener} serves the connections its accepting threads admit: {@link FrameServing} reads a frame
 * from each, {@link HandlerServing} hands each to a {@link ConnectionHandler}.
 */
interface Serving {

    /**
     * Serves an admitted connection, starting on the accepting thread, and sees to it that the connection is closed
     * and counted as closed in the end.
     * @param channel the connection
     */
    void serve(AFUNIXSocketChannel channel);

    /**
     * Ends serving once no connection comes any more; the connections in flight go on.
     */
    void finish();

    /**
     * @param deadline the {@link System#nanoTime()} to wait until
     * @return whether the work handed on from the accepting threads finished by then
     */
    boolean awaitWorkers(long deadline);

    /**
     * Cuts off the connections still being served, at the end of a stop that ran out of time.
     */
    void cutOff();
}
