package io.acomm.internal.server;

import java.io.IOException;

import io.acomm.PeerFilter;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Applies a {@link PeerFilter} to the peer of a connected Unix socket channel.
 */
public final class PeerCheck {

    private PeerCheck() {
    }

    /**
     * @param filter the filter
     * @param channel a connected channel
     * @return a description of the peer when the filter does not allow it, {@code null} when it does
     * @throws IOException if the peer's credentials cannot be read
     */
    public static @Nullable String refusal(PeerFilter filter, AFUNIXSocketChannel channel) throws IOException {
        AFUNIXSocketCredentials credentials = channel.getPeerCredentials();
        return filter.allows(credentials.getUid(), credentials.getGid(), credentials.getGids()) ? null
                : "uid " + credentials.getUid() + ", gid " + credentials.getGid() + ", pid " + credentials.getPid();
    }
}
