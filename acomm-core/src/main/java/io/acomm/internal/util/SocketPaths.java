package io.acomm.internal.util;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The kernel's limit on the length of unix socket paths, checked before a path is bound or connected to, so that a
 * path too long fails with its length and the limit rather than with an error of the native layer.
 */
public final class SocketPaths {

    /** The longest unix socket path the kernel takes, in bytes: Linux's {@code sun_path} holds 108 with the NUL. */
    public static final int MAX_BYTES = 107;

    private SocketPaths() {
    }

    /**
     * @param socketPath a socket path, as it is handed to the kernel
     * @return its length in bytes
     */
    public static int bytes(Path socketPath) {
        return socketPath.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * @param socketPath a socket path, as it is handed to the kernel
     * @return why the kernel would not take it (its length and the limit), or {@code null} if it fits
     */
    public static @Nullable String lengthProblem(Path socketPath) {
        int bytes = bytes(socketPath);
        return bytes <= MAX_BYTES ? null : "the path is " + bytes + " bytes long, and the kernel takes unix socket "
                + "paths of at most " + MAX_BYTES + " bytes";
    }
}
