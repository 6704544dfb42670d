package io.acomm.internal.server;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Parses the permissions of socket files as users write them: octal ({@code "0600"}, {@code "660"}) or symbolic
 * ({@code "rw-------"}).
 */
public final class SocketPermissions {

    private static final PosixFilePermission[] BY_BIT = { PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ };

    private SocketPermissions() {
    }

    /**
     * @param text octal or symbolic permissions
     * @return the permissions
     * @throws IllegalArgumentException if the text is neither
     */
    public static Set<PosixFilePermission> parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.matches("0?[0-7]{3}")) {
            int mode = Integer.parseInt(value, 8);
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (int bit = 0; bit < BY_BIT.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    permissions.add(BY_BIT[bit]);
                }
            }
            return permissions;
        }
        try {
            return PosixFilePermissions.fromString(value);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("invalid socket permissions '" + text
                    + "': use octal such as 0600 or symbolic such as rw-------", ex);
        }
    }
}
