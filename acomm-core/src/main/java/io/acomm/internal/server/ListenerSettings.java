package io.acomm.internal.server;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import io.acomm.PeerFilter;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link UnixListener}, fixed when it is built.
 * @param socketPath the absolute path of the socket
 * @param name the short name in the listener's thread names
 * @param permissions the permissions of the socket file
 * @param maxConcurrency the number of accepting threads, and of the workers that handle frames the read loop completed
 * @param backlog how many connections the kernel queues while no thread accepts them
 * @param maxConnections how many connections may be open at once
 * @param readBudgetBytes how many bytes the frames being read and decoded at once may hold together
 * @param peerFilter decides which peers may connect, {@code null} for any
 */
record ListenerSettings(Path socketPath, String name, Set<PosixFilePermission> permissions, int maxConcurrency,
        int backlog, int maxConnections, long readBudgetBytes, @Nullable PeerFilter peerFilter) {

    /**
     * @param role what the threads do, such as {@code "reader"}
     * @return {@code acomm-<name>-<role>}
     */
    String threadName(String role) {
        return "acomm-" + this.name + "-" + role;
    }
}
