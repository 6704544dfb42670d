package io.acomm.internal.json;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;

/**
 * Reads the string fields of acomm messages, refusing any other JSON type.
 */
public final class WireText {

    private WireText() {
    }

    static String read(JsonParser p, DeserializationContext ctxt, JsonToken value, String field) {
        if (value == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw ctxt.wrongTokenException(p, String.class, JsonToken.VALUE_STRING, "'" + field + "' must be a string");
    }
}
