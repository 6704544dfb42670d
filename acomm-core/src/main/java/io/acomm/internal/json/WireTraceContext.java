package io.acomm.internal.json;

import io.acomm.internal.util.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The optional W3C trace context fields of a request, {@value #TRACEPARENT} and {@value #TRACESTATE}, read leniently:
 * a value that is not a string of the W3C form is dropped with a DEBUG line, never refused, because a trace context
 * only informs the tracing of a request and a peer's mistake in it must not cost the request.
 */
public final class WireTraceContext {

    private static final Logger logger = LoggerFactory.getLogger(WireTraceContext.class);

    /** The key of the caller's trace parent: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}. */
    public static final String TRACEPARENT = "traceparent";

    /** The key of the vendors' trace state that goes with the trace parent. */
    public static final String TRACESTATE = "tracestate";

    /** The length of a version 00 trace parent; later versions may append {@code -} and more. */
    private static final int TRACEPARENT_LENGTH = 55;

    /** The longest value kept, as W3C bounds the trace state. */
    private static final int MAX_LENGTH = 512;

    private WireTraceContext() {
    }

    /**
     * @param value a trace parent
     * @return whether it has the W3C form: a version, a trace id, a parent id and flags, in hex digits separated by
     *     {@code -} (a later version may append {@code -} and more)
     */
    private static boolean isTraceParent(String value) {
        int length = value.length();
        if (length < TRACEPARENT_LENGTH || length > MAX_LENGTH
                || (length > TRACEPARENT_LENGTH && value.charAt(TRACEPARENT_LENGTH) != '-')) {
            return false;
        }
        for (int i = 0; i < TRACEPARENT_LENGTH; i++) {
            char c = value.charAt(i);
            boolean separator = i == 2 || i == 35 || i == 52;
            if (separator ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param value a trace state
     * @return whether it is at most 512 printable ASCII characters, as W3C's list of vendor entries is
     */
    private static boolean isTraceState(String value) {
        if (value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Reads a trace context field whose value token is current.
     * @param p the parser
     * @param value the value's token
     * @param field {@value #TRACEPARENT} or {@value #TRACESTATE}
     * @return the value, or {@code null} when it is null or not of the W3C form
     */
    static @Nullable String read(JsonParser p, JsonToken value, String field) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.VALUE_STRING) {
            String text = p.getString();
            if (TRACEPARENT.equals(field) ? isTraceParent(text) : isTraceState(text)) {
                return text;
            }
            if (logger.isDebugEnabled()) {
                logger.debug("acomm request field '{}' ignored, not W3C trace context: {}", field,
                        LogText.oneLine(text));
            }
            return null;
        }
        p.skipChildren();
        logger.debug("acomm request field '{}' ignored, not a string", field);
        return null;
    }
}
