package io.acomm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.sun.security.auth.module.UnixSystem;
import org.jspecify.annotations.Nullable;

/**
 * Decides from a Unix socket peer's credentials whether it may send messages: a peer is allowed when its uid is one
 * of the allowed uids, or any of its groups is one of the allowed gids. The default allows the current user and
 * root only, which matches the default socket permissions (0600); allow groups too when sockets are made group
 * accessible. Immutable.
 */
public final class PeerFilter {

    private static final long ROOT = 0;

    private static final PeerFilter CURRENT_USER_AND_ROOT = new PeerFilter(
            new HashSet<>(List.of(new UnixSystem().getUid(), ROOT)), Set.of());

    private final Set<Long> uids;
    private final Set<Long> gids;

    private PeerFilter(Set<Long> uids, Set<Long> gids) {
        this.uids = Set.copyOf(uids);
        this.gids = Set.copyOf(gids);
    }

    /**
     * @param uids the user ids allowed
     * @param gids the group ids allowed
     * @return a filter allowing exactly those users and groups
     */
    public static PeerFilter of(Set<Long> uids, Set<Long> gids) {
        return new PeerFilter(uids, gids);
    }

    /**
     * @return the default filter: the user this process runs as, and root
     */
    public static PeerFilter currentUserAndRoot() {
        return CURRENT_USER_AND_ROOT;
    }

    /**
     * @return the uid this process runs as
     */
    public static long currentUid() {
        return new UnixSystem().getUid();
    }

    /**
     * @return the user ids allowed
     */
    public Set<Long> uids() {
        return this.uids;
    }

    /**
     * @return the group ids allowed
     */
    public Set<Long> gids() {
        return this.gids;
    }

    /**
     * @param uid the peer's user id
     * @param gid the peer's primary group id
     * @param groups all the peer's group ids, or {@code null} when unknown
     * @return whether the peer may send messages
     */
    public boolean allows(long uid, long gid, long @Nullable [] groups) {
        if (this.uids.contains(uid) || this.gids.contains(gid)) {
            return true;
        }
        if (groups != null) {
            for (long group : groups) {
                if (this.gids.contains(group)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PeerFilter[uids=" + this.uids + ", gids=" + this.gids + "]";
    }
}
