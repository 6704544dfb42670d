package io.acomm;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;

/**
 * Reads the string fields of acomm messages, refusing any other JSON type.
 */
final class WireText {

    private WireText() {
    }

    static String read(JsonParser p, DeserializationContext ctxt, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw ctxt.wrongTokenException(p, String.class, JsonToken.VALUE_STRING, "'" + field + "' must be a string");
    }
}
