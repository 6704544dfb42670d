package io.acomm.internal.util;

/**
 * Makes text that may come from a peer safe to log: one line of bounded length.
 */
public final class LogText {

    private static final int MAX_LENGTH = 500;

    private LogText() {
    }

    /**
     * @param text text that may quote a peer's input, such as a refusal naming an id
     * @return the text on one line, its line breaks and other control characters escaped (lest a peer forge log
     *     lines), cut after 500 characters
     */
    public static String oneLine(String text) {
        int end = Math.min(text.length(), MAX_LENGTH);
        StringBuilder line = new StringBuilder(end + 32);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                line.append(String.format("\\u%04x", (int) c));
            }
            else {
                line.append(c);
            }
        }
        if (end < text.length()) {
            line.append("... (").append(text.length()).append(" chars)");
        }
        return line.toString();
    }
}
