package io.acomm.internal.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The length of the queue in which the kernel keeps connections a listener has not accepted yet. By default it is
 * the system maximum, as Go's listeners use: a peer that does not retry, as Go's {@code acomm.Send} does not, loses
 * its message when it finds the queue full.
 */
public final class SocketBacklog {

    /** Used where the system maximum cannot be read: Linux's default maximum since 5.4. */
    static final int FALLBACK = 4096;

    /** The system maximum, read once. */
    public static final int SYSTEM_MAXIMUM = read(Path.of("/proc/sys/net/core/somaxconn"));

    private SocketBacklog() {
    }

    /**
     * @param somaxconn the file holding the system maximum
     * @return its value, or {@link #FALLBACK} when it cannot be read
     */
    static int read(Path somaxconn) {
        // line by line: Files.readString() trusts the size procfs reports and returns only part of the value
        try (BufferedReader reader = Files.newBufferedReader(somaxconn)) {
            String line = reader.readLine();
            int value = line == null ? 0 : Integer.parseInt(line.trim());
            return value > 0 ? value : FALLBACK;
        }
        catch (IOException | NumberFormatException ex) {
            return FALLBACK;
        }
    }

    /**
     * @param backlog a backlog asked for
     * @return the backlog, checked
     * @throws IllegalArgumentException if it is not positive
     */
    public static int check(int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1: " + backlog);
        }
        return backlog;
    }
}
