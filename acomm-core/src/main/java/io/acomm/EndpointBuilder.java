package io.acomm;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * The settings every acomm socket endpoint has — the {@link Tracker} and the {@link Provider}: how it sends, how it
 * frames, who may write to its sockets, with which file permissions, and how many connections wait to be accepted.
 * @param <B> the concrete builder
 */
public abstract class EndpointBuilder<B extends EndpointBuilder<B>> {

    Sender sender = Sender.defaults();
    FrameCodec codec = FrameCodec.defaults();
    Set<PosixFilePermission> socketPermissions = UnixListener.DEFAULT_PERMISSIONS;
    PeerFilter peerFilter = PeerFilter.currentUserAndRoot();
    int backlog = SocketBacklog.SYSTEM_MAXIMUM;

    EndpointBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param sender sends the messages; its JSON also decodes the messages received
     * @return this builder
     */
    public B sender(Sender sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
        return self();
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
}
