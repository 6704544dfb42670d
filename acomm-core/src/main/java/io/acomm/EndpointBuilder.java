package io.acomm;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

import io.acomm.internal.server.SocketBacklog;
import io.acomm.internal.server.UnixListener;
import io.acomm.internal.util.Limits;
import io.micrometer.observation.ObservationRegistry;

/**
 * The settings every acomm socket endpoint has — the {@link Tracker} and the {@link Provider}: how it sends, how it
 * frames, who may write to its sockets, with which file permissions, how many connections wait to be accepted or
 * are open at once, how many bytes of frames it holds at once, and where its observations go.
 * @param <B> the concrete builder
 */
public abstract class EndpointBuilder<B extends EndpointBuilder<B>> {

    private Sender sender;
    FrameCodec codec = FrameCodec.defaults();
    Set<PosixFilePermission> socketPermissions = UnixListener.DEFAULT_PERMISSIONS;
    PeerFilter peerFilter = PeerFilter.currentUserAndRoot();
    int backlog = SocketBacklog.SYSTEM_MAXIMUM;
    int maxConnections = UnixListener.DEFAULT_MAX_CONNECTIONS;
    long readBudget = UnixListener.DEFAULT_READ_BUDGET;
    ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    boolean tracePropagation = true;

    EndpointBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param sender sends the messages; its JSON also decodes the messages received (default:
     *     {@link Sender#defaults()})
     * @return this builder
     */
    public B sender(Sender sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
        return self();
    }

    /**
     * @return the sender given, or else the shared default, which is only created when an endpoint is built without
     *     a sender of its own
     */
    Sender sender() {
        return this.sender != null ? this.sender : Sender.defaults();
    }

    /**
     * @param codec reads the frames received (maximum size, read timeout)
     * @return this builder
     */
    public B codec(FrameCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return self();
    }

    /**
     * @param socketPermissions the permissions of the socket files (default 0600)
     * @return this builder
     */
    public B socketPermissions(Set<PosixFilePermission> socketPermissions) {
        this.socketPermissions = Set.copyOf(socketPermissions);
        return self();
    }

    /**
     * @param peerFilter which peers may send messages to the sockets (default: this process's user and root)
     * @return this builder
     */
    public B peerFilter(PeerFilter peerFilter) {
        this.peerFilter = Objects.requireNonNull(peerFilter, "peerFilter");
        return self();
    }

    /**
     * @param backlog how many connections the kernel queues on each socket while none is accepted (default: the
     *     system maximum, {@code net.core.somaxconn}, which also caps larger values)
     * @return this builder
     */
    public B backlog(int backlog) {
        this.backlog = SocketBacklog.check(backlog);
        return self();
    }

    /**
     * @param maxConnections how many connections each socket keeps open at once (default
     *     {@value UnixListener#DEFAULT_MAX_CONNECTIONS}); further ones are closed at once and counted
     * @return this builder
     */
    public B maxConnections(int maxConnections) {
        this.maxConnections = Limits.atLeastOne(maxConnections, "maxConnections");
        return self();
    }

    /**
     * @param readBudget how many bytes the frames being read and decoded at once on each socket may hold together
     *     (default twice the default maximum frame size, never less than the codec's maximum frame size); further
     *     frames wait, unread, until bytes are given back
     * @return this builder
     */
    public B readBudget(long readBudget) {
        this.readBudget = Limits.positive(readBudget, "readBudget");
        return self();
    }

    /**
     * @param observationRegistry where the endpoint's observations go ({@link io.acomm.observation.AcommObservation};
     *     default {@link ObservationRegistry#NOOP}, which observes nothing)
     * @return this builder
     */
    public B observationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
        return self();
    }

    /**
     * @param tracePropagation whether requests carry their W3C trace context: a tracker writes it into the requests
     *     it sends, a provider continues the trace of the requests it serves (default {@code true}). Off, a tracker
     *     sends no trace context and a provider reads none.
     * @return this builder
     */
    public B tracePropagation(boolean tracePropagation) {
        this.tracePropagation = tracePropagation;
        return self();
    }
}
