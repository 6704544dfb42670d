package io.acomm.internal.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.acomm.AcommJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonGeneratorBase;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The UTF-8 text of one JSON value of a decoded message: a request's arguments or a response's result.
 * <p>
 * A decoded message keeps such a value as the bytes it arrived as instead of as a tree, so that it costs about the
 * size of its JSON: numbers and strings stay text until the value is converted, and a message written again (a
 * forwarded request or response) carries the value verbatim. Immutable.
 */
public final class RawJson {

    private static final Object SOURCE = new Object();

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * @param reader a reader of acomm messages
     * @param source the one input the returned reader will read
     * @return a reader whose messages copy their values out of {@code source} as they are
     */
    public static ObjectReader slicing(ObjectReader reader, byte[] source) {
        return reader.withAttribute(SOURCE, source);
    }

    /**
     * Reads the value the parser stands on, which must not be a JSON null, and leaves the parser on its last token.
     * From the input of a {@link #slicing} reader the value's bytes are copied as they are; from any other input
     * its tokens are written again as compact JSON.
     * @param p the parser, on the first token of the value
     * @param ctxt the context of the deserialisation
     * @return the value
     */
    public static RawJson read(JsonParser p, DeserializationContext ctxt) {
        long start = p.currentTokenLocation().getByteOffset();
        if (ctxt.getAttribute(SOURCE) instanceof byte[] source && start >= 0) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                // a string is read lazily: only once it is finished does the parser stand after its closing quote
                p.finishToken();
            }
            else {
                p.skipChildren();
            }
            return new RawJson(Arrays.copyOfRange(source, (int) start, (int) p.currentLocation().getByteOffset()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = AcommJson.of(ctxt).mapper().createGenerator(out)) {
            gen.copyCurrentStructureExact(p);
        }
        return new RawJson(out.toByteArray());
    }

    /**
     * @param mapper the mapper that parses the value
     * @return the value as a new JSON tree
     */
    public JsonNode toTree(JsonMapper mapper) {
        return mapper.readTree(this.utf8);
    }

    /**
     * @param mapper the mapper that parses the value
     * @param type the target type
     * @param <T> the target type
     * @return the value read as that type
     */
    public <T> T read(JsonMapper mapper, JavaType type) {
        return mapper.readValue(this.utf8, type);
    }

    /**
     * @return the JSON text of the value
     */
    @Override
    public String toString() {
        return new String(this.utf8, StandardCharsets.UTF_8);
    }

    /**
     * Writes a {@link RawJson}: its bytes verbatim into JSON text, its tokens into any other generator (a token
     * buffer building a tree, a binary format).
     */
    static final class Serializer extends StdSerializer<RawJson> {

        Serializer() {
            super(RawJson.class);
        }

        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializationContext provider) {
            if (gen instanceof JsonGeneratorBase) {
                gen.writeRawValue(new Verbatim(value.utf8));
                return;
            }
            try (JsonParser p = AcommJson.of(provider).mapper().createParser(value.utf8)) {
                p.nextToken();
                gen.copyCurrentStructureExact(p);
            }
        }
    }

    /**
     * UTF-8 bytes that a byte-oriented JSON generator copies as they are; what only the decoded text can answer
     * (character counts, quoted forms) is answered from it.
     */
    private static final class Verbatim implements SerializableString {

        private final byte[] utf8;

        Verbatim(byte[] utf8) {
            this.utf8 = utf8;
        }

        private SerializedString text() {
            return new SerializedString(getValue());
        }

        @Override
        public String getValue() {
            return new String(this.utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return this.utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (this.utf8.length > buffer.length - offset) {
                return -1;
            }
            System.arraycopy(this.utf8, 0, buffer, offset, this.utf8.length);
            return this.utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(this.utf8);
            return this.utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return text().putQuotedUTF8(buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (this.utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(this.utf8);
            return this.utf8.length;
        }
    }
}
