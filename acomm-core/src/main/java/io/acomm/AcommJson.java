package io.acomm;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.acomm.internal.json.AcommModule;
import io.acomm.internal.json.RawJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Owns the {@link JsonMapper} that encodes and decodes acomm messages, and converts their arguments and results.
 * <p>
 * The mapper carries the {@link AcommModule} and the wire settings of the protocol. It can be derived from an
 * application's own mapper, so that the modules and settings registered there apply to arguments and results,
 * without changing that mapper. Messages decoded here convert their arguments and results with this mapper.
 * Instances are immutable and thread-safe.
 */
public final class AcommJson {

    private static final AcommJson DEFAULTS = new AcommJson(JsonMapper.builder(), UrlFormat.GO);

    private static final int VALIDATION_CHUNK = 8192;

    private final JsonMapper mapper;
    private final UrlFormat urlFormat;
    private final ObjectReader requestReader;
    private final ObjectReader responseReader;
    private final ObjectWriter writer;

    private AcommJson(JsonMapper.Builder base, UrlFormat urlFormat) {
        this.urlFormat = Objects.requireNonNull(urlFormat, "urlFormat");
        this.mapper = base.addModule(new AcommModule(urlFormat))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        // a frame or body holds exactly one message: anything after it is refused, as Go's json.Unmarshal does;
        // the attribute tells the decoded message which instance converts its arguments or result, and tells the
        // serialisers which instance writes them
        this.requestReader = this.mapper.readerFor(Request.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withAttribute(AcommJson.class, this);
        this.responseReader = this.mapper.readerFor(Response.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withAttribute(AcommJson.class, this);
        this.writer = this.mapper.writer().withAttribute(AcommJson.class, this);
    }

    /**
     * @return the shared instance with a plain mapper, writing URLs in Go's form
     */
    public static AcommJson defaults() {
        return DEFAULTS;
    }

    /**
     * @param urlFormat how URL fields are written
     * @return an instance with a plain mapper
     */
    public static AcommJson create(UrlFormat urlFormat) {
        return new AcommJson(JsonMapper.builder(), urlFormat);
    }

    /**
     * Derives an instance from an application's mapper. The given mapper is never changed: a new mapper is built
     * from its modules and settings, and the protocol's wire settings win.
     * @param applicationMapper the mapper to start from
     * @param urlFormat how URL fields are written
     * @return the derived instance
     */
    public static AcommJson derivedFrom(JsonMapper applicationMapper, UrlFormat urlFormat) {
        return new AcommJson(applicationMapper.rebuild(), urlFormat);
    }

    /**
     * @param context the context of a (de)serialisation
     * @return the instance that runs it, or {@link #defaults()} when the {@link AcommModule} was registered on
     *     another mapper
     */
    public static AcommJson of(DatabindContext context) {
        return context.getAttribute(AcommJson.class) instanceof AcommJson json ? json : DEFAULTS;
    }

    /**
     * @return the mapper (immutable)
     */
    public JsonMapper mapper() {
        return this.mapper;
    }

    /**
     * @return how URL fields are written
     */
    public UrlFormat urlFormat() {
        return this.urlFormat;
    }

    /**
     * @param message a {@link Request}, a {@link Response} or any other value
     * @return its wire JSON in UTF-8
     * @throws AcommException naming the message and the reason if the value (its arguments or result included)
     *     cannot be serialised
     */
    public byte[] encode(Object message) {
        try {
            return this.writer.writeValueAsBytes(message);
        }
        catch (JacksonException ex) {
            throw new AcommException("cannot encode " + message + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param json UTF-8 wire JSON
     * @return the decoded request
     * @throws AcommException if the JSON is malformed or not a request
     */
    public Request decodeRequest(byte[] json) {
        return decode(this.requestReader, json, "request");
    }

    /**
     * @param json UTF-8 wire JSON
     * @return the decoded response
     * @throws AcommException if the JSON is malformed or not a response
     */
    public Response decodeResponse(byte[] json) {
        return decode(this.responseReader, json, "response");
    }

    private static <T> T decode(ObjectReader reader, byte[] json, String kind) {
        if (!isUtf8(json)) {
            // Jackson would take some invalid UTF-8, such as overlong forms, for other characters
            throw new AcommException("invalid " + kind + ": not valid UTF-8");
        }
        try {
            T value = RawJson.slicing(reader, json).readValue(json);
            if (value == null) {
                throw new AcommException("invalid " + kind + ": null");
            }
            return value;
        }
        catch (JacksonException ex) {
            throw new AcommException("invalid " + kind + " JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return isStrictUtf8(bytes);
            }
        }
        return true;
    }

    private static boolean isStrictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // decoded through a small buffer: the characters are not needed, and all of them would take twice the bytes
        CharBuffer out = CharBuffer.allocate(VALIDATION_CHUNK);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        }
        while (result.isOverflow());
        return result.isUnderflow();
    }

    /**
     * @param value a JSON tree, the arguments or result of a message, any other value, or {@code null}
     * @return the value as a JSON tree (a null node for {@code null}; a new tree for the raw JSON a decoded message
     *     holds)
     */
    public JsonNode toTree(@Nullable Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof RawJson raw) {
            return raw.toTree(this.mapper);
        }
        return this.mapper.valueToTree(value);
    }

    /**
     * Converts arguments or a result to a type; the raw JSON a decoded message holds is read as that type directly,
     * without a tree.
     * @param value a JSON tree, the arguments or result of a message, any other value, or {@code null}
     * @param type the target type
     * @param <T> the target type
     * @return the converted value, or {@code null} for a null value
     * @throws IllegalArgumentException if the value cannot be converted
     */
    public <T> @Nullable T convert(@Nullable Object value, Class<T> type) {
        return convert(value, this.mapper.constructType(type));
    }

    /**
     * @param <T> the type converted to
     * @param value as for {@link #convert(Object, Class)}
     * @param type the generic type to convert to
     * @return the converted value, or {@code null} for a null value
     */
    public <T> @Nullable T convert(@Nullable Object value, TypeReference<T> type) {
        return convert(value, this.mapper.constructType(type));
    }

    /**
     * @param <T> the type converted to
     * @param value as for {@link #convert(Object, Class)}
     * @param type the Jackson type to convert to
     * @return the converted value, or {@code null} for a null value
     */
    public <T> @Nullable T convert(@Nullable Object value, JavaType type) {
        if (value == null || (value instanceof JsonNode node && node.isNull())) {
            return null;
        }
        try {
            if (value instanceof RawJson raw) {
                return raw.read(this.mapper, type);
            }
            if (value instanceof JsonNode node) {
                return this.mapper.treeToValue(node, type);
            }
            return this.mapper.convertValue(value, type);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("cannot convert to " + type + ": " + ex.getOriginalMessage(), ex);
        }
    }
}
