package io.acomm.internal.tracker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.MessageRefusedException;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import io.acomm.UnixStreams;
import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.server.MessageHandler;
import io.acomm.internal.server.RoutineRefusalException;
import io.acomm.internal.server.SocketFiles;
import io.acomm.internal.server.UnixListener;
import io.acomm.internal.server.UnixListenerBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracker's running parts and the order in which they start and stop. Starting deletes stale tracker sockets,
 * starts the tracker's own streams and the dispatcher's pool, binds the listener, then starts the timing wheel.
 * Stopping refuses new requests, drains the tracked ones until the timeout, answers the rest with
 * {@value #STOPPED_ERROR}, closes the listener and the tracker's own streams, then stops the wheel and the
 * dispatcher. A stopped runtime can be started again.
 * <p>
 * Responses enter here: from the listener at {@link #receive}, which claims the request a response answers before
 * the ack, and from HTTP at {@link #receiveExternal}. A response for a request no longer tracked (a late one, after
 * its timeout) is refused with a {@link RoutineRefusalException}: its sender logs the refusal, this side only at
 * DEBUG. Stopping logs one line: at INFO, or at WARN when requests had to be answered with {@value #STOPPED_ERROR}.
 */
public final class TrackerRuntime {

    private static final Logger logger = LoggerFactory.getLogger(TrackerRuntime.class);

    /** The error of the response given to the requests still tracked when the tracker stops. */
    public static final String STOPPED_ERROR = "tracker stopped";

    /** How the file names of generated tracker sockets begin; stale ones are deleted at start. */
    public static final String SOCKET_FILE_PREFIX = "acommTracker-";

    /** Whether a tracker listens, and whether it drains on its way to stopping. */
    public enum State { STOPPED, RUNNING, STOPPING }

    private final UnixListenerBuilder listenerSettings;
    private final Path socketDir;
    private final FrameCodec codec;
    private final AcommJson json;
    private final @Nullable UnixStreams ownStreams;
    private final PendingRequests pending;
    private final ResponseDispatcher dispatcher;

    private final Object lifecycleMonitor = new Object();
    private volatile State state = State.STOPPED;
    private volatile @Nullable UnixListener listener;
    private volatile long refusedByStoppedListeners;

    /**
     * @param listenerSettings builds the listener of each start
     * @param socketDir the directory of the tracker's socket, where stale tracker sockets are deleted at start
     * @param codec frames the responses
     * @param json decodes the responses
     * @param ownStreams the streams that start and stop with the tracker, {@code null} if their owner runs them
     * @param pending the tracked requests
     * @param dispatcher handles the responses
     */
    public TrackerRuntime(UnixListenerBuilder listenerSettings, Path socketDir, FrameCodec codec, AcommJson json,
            @Nullable UnixStreams ownStreams, PendingRequests pending, ResponseDispatcher dispatcher) {
        this.listenerSettings = listenerSettings;
        this.socketDir = socketDir;
        this.codec = codec;
        this.json = json;
        this.ownStreams = ownStreams;
        this.pending = pending;
        this.dispatcher = dispatcher;
    }

    /**
     * Starts listening for responses; does nothing if it already listens.
     * @throws AcommException if the socket cannot be bound
     */
    public void start() {
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.STOPPED) {
                return;
            }
            UnixListener newListener = this.listenerSettings.build();
            SocketFiles.deleteStale(this.socketDir, SOCKET_FILE_PREFIX);
            if (this.ownStreams != null) {
                this.ownStreams.start();
            }
            this.dispatcher.start();
            try {
                // the receiver runs the work it gets on the listener thread, once the ack is written: the dispatcher
                // hands anything slower than completing a future on to the handler executor
                newListener.start(FrameReceiver.forResponses(this.codec, this.json, this::receive));
            }
            catch (IOException ex) {
                this.dispatcher.stop(System.nanoTime());
                if (this.ownStreams != null) {
                    this.ownStreams.close();
                }
                throw new AcommException("cannot start tracker: " + ex.getMessage(), ex);
            }
            this.pending.start();
            this.listener = newListener;
            this.state = State.RUNNING;
        }
    }

    /**
     * Stops: refuses new requests, waits for the tracked ones until the timeout, answers the rest with
     * {@value #STOPPED_ERROR}, and stops every part. Does nothing unless it runs.
     * @param timeout how long to wait for tracked requests, {@code null} for no limit
     * @return how many requests were answered with {@value #STOPPED_ERROR}
     */
    public int stop(@Nullable Duration timeout) {
        UnixListener running;
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.RUNNING) {
                return 0;
            }
            this.state = State.STOPPING;
            running = this.listener;
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int tracked = this.pending.size();
        this.pending.drain(deadline);
        int remaining = answerRemaining();
        int drained = Math.max(0, tracked - remaining);
        running.close();
        this.refusedByStoppedListeners += running.refusedConnections();
        if (this.ownStreams != null) {
            this.ownStreams.close();
        }
        this.pending.stop();
        this.dispatcher.stop(deadline);
        synchronized (this.lifecycleMonitor) {
            // requests tracked in a race with the state change above get the same answer
            remaining += answerRemaining();
            this.state = State.STOPPED;
        }
        if (remaining == 0) {
            logger.info("acomm tracker on {} stopped: {} request(s) drained, 0 answered '{}'", running.socketPath(),
                    drained, STOPPED_ERROR);
        }
        else {
            logger.warn("acomm tracker on {} stopped: {} request(s) drained, {} answered '{}' after {}",
                    running.socketPath(), drained, remaining, STOPPED_ERROR, timeout);
        }
        return remaining;
    }

    /**
     * @return whether it runs, drains on its way to stopping, or stopped
     */
    public State state() {
        return this.state;
    }

    /**
     * @return whether it listens for responses: while it runs and while it drains on its way to stopping
     */
    public boolean isListening() {
        return this.state != State.STOPPED;
    }

    /**
     * @return the {@link Error} the listener met while serving a response, until it next serves one; {@code null}
     *     while it is healthy or before the first start
     */
    public @Nullable Throwable listenerFailure() {
        UnixListener current = this.listener;
        return current == null ? null : current.unhealthyCause();
    }

    /**
     * @return how many connections the listeners of every start closed at once because the maximum was open
     */
    public long refusedConnections() {
        UnixListener current = this.listener;
        return this.refusedByStoppedListeners + (current == null ? 0 : current.refusedConnections());
    }

    private int answerRemaining() {
        List<TrackedRequest> remaining = this.pending.claimAll();
        for (TrackedRequest tracked : remaining) {
            this.dispatcher.handle(tracked, Response.failure(tracked.request(), STOPPED_ERROR),
                    TrackerObserver.Outcome.ERROR);
        }
        return remaining.size();
    }

    /**
     * Takes a response that came back over HTTP for a request proxied to an external host: claims the request and
     * hands the response to the dispatcher.
     * @param response the response
     * @throws RoutineRefusalException if no request proxied to an external host has that id
     */
    public void receiveExternal(Response response) {
        TrackedRequest tracked = this.pending.claim(response.id(), TrackedRequest.Origin.PROXY_EXTERNAL);
        if (tracked == null) {
            throw new RoutineRefusalException("no tracked request: " + response.id());
        }
        this.dispatcher.received(tracked, response);
    }

    /**
     * Claims the request a response answers, before the response is acked: an ack tells the sender that this
     * response, and not a timeout, ends the request. If the ack cannot be written, the request is tracked again
     * with its original deadline, for the sender's retry.
     */
    private MessageHandler.Accepted receive(Response response) {
        if (response.id() == null || response.id().isEmpty()) {
            throw new MessageRefusedException("invalid response: missing id");
        }
        TrackedRequest tracked = this.pending.claim(response.id());
        if (tracked == null) {
            throw new RoutineRefusalException("no tracked request: " + response.id());
        }
        return new MessageHandler.Accepted() {
            @Override
            public void run() {
                TrackerRuntime.this.dispatcher.received(tracked, response);
            }

            @Override
            public void ackFailed() {
                TrackerRuntime.this.pending.trackAgain(tracked);
            }
        };
    }
}
