package io.acomm.internal.server;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import io.acomm.PeerFilter;
import io.acomm.internal.util.Limits;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link UnixListener}: {@link UnixListener#builder(Path)}.
 */
public final class UnixListenerBuilder {

    final Path socketPath;
    String name = "listener";
    Set<PosixFilePermission> permissions = UnixListener.DEFAULT_PERMISSIONS;
    int maxConcurrency = Limits.DEFAULT_CONCURRENCY;
    int backlog = SocketBacklog.SYSTEM_MAXIMUM;
    int maxConnections = UnixListener.DEFAULT_MAX_CONNECTIONS;
    long readBudgetBytes = UnixListener.DEFAULT_READ_BUDGET;
    @Nullable PeerFilter peerFilter;

    UnixListenerBuilder(Path socketPath) {
        this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
    }
    /**
     * @param name a short name used in thread names ({@code acomm-<name>-…})
     * @return this builder
     */
    public UnixListenerBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * @param permissions the permissions of the socket file
     * @return this builder
     */
    public UnixListenerBuilder permissions(Set<PosixFilePermission> permissions) {
        this.permissions = EnumSet.copyOf(permissions);
        return this;
    }

    /**
     * @param permissions the permissions of the socket file, octal ({@code "0660"}) or symbolic
     *     ({@code "rw-rw----"})
     * @return this builder
     */
    public UnixListenerBuilder permissions(String permissions) {
        this.permissions = SocketPermissions.parse(permissions);
        return this;
    }

    /**
     * @param maxConcurrency how many connections are served at once (at least 1): the number of accepting
     *     threads, and of the workers that handle frames the read loop completed
     * @return this builder
     */
    public UnixListenerBuilder maxConcurrency(int maxConcurrency) {
        this.maxConcurrency = Limits.atLeastOne(maxConcurrency, "maxConcurrency");
        return this;
    }

    /**
     * @param backlog how many connections the kernel queues while no worker accepts them (default: the system
     *     maximum, {@code net.core.somaxconn}, which also caps larger values)
     * @return this builder
     */
    public UnixListenerBuilder backlog(int backlog) {
        this.backlog = SocketBacklog.check(backlog);
        return this;
    }

    /**
     * @param maxConnections how many connections may be open at once (at least 1); further ones are closed at
     *     once and counted
     * @return this builder
     */
    public UnixListenerBuilder maxConnections(int maxConnections) {
        this.maxConnections = Limits.atLeastOne(maxConnections, "maxConnections");
        return this;
    }

    /**
     * @param readBudgetBytes how many bytes the frames being read and decoded at once may hold together (default
     *     twice the default maximum frame size; never less than the maximum frame size); further frames wait
     *     unread
     * @return this builder
     */
    public UnixListenerBuilder readBudget(long readBudgetBytes) {
        this.readBudgetBytes = Limits.positive(readBudgetBytes, "readBudget");
        return this;
    }

    /**
     * @param peerFilter decides which peers may connect; others are refused before anything is read
     * @return this builder
     */
    public UnixListenerBuilder peerFilter(PeerFilter peerFilter) {
        this.peerFilter = Objects.requireNonNull(peerFilter, "peerFilter");
        return this;
    }

    /**
     * @return the listener, not started yet
     */
    public UnixListener build() {
        return new UnixListener(new ListenerSettings(this.socketPath.toAbsolutePath(), this.name,
                Set.copyOf(this.permissions), this.maxConcurrency, this.backlog, this.maxConnections,
                this.readBudgetBytes, this.peerFilter));
    }
}
