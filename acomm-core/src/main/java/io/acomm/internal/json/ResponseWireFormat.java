package io.acomm.internal.json;

import java.net.URI;

import io.acomm.AcommJson;
import io.acomm.Response;
import io.acomm.UrlFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON form of a {@link Response}, as Go writes it: {@code {"error":…,"id":…,"result":…,"stream_url":…}}, where
 * an empty {@code error} means success. A decoded result is kept as {@link RawJson} and written back verbatim.
 */
public final class ResponseWireFormat {

    private ResponseWireFormat() {
    }

    static final class Serializer extends StdSerializer<Response> {

        private final UrlFormat urlFormat;

        Serializer(UrlFormat urlFormat) {
            super(Response.class);
            this.urlFormat = urlFormat;
        }

        @Override
        public void serialize(Response response, JsonGenerator gen, SerializationContext provider) {
            gen.writeStartObject();
            gen.writeStringProperty("error", response.isError() ? response.error() : "");
            gen.writeStringProperty("id", response.id());
            gen.writeName("result");
            provider.writeValue(gen, response.heldResult());
            gen.writeName("stream_url");
            WireUrls.write(gen, response.streamUrl(), this.urlFormat);
            gen.writeEndObject();
        }
    }

    static final class Deserializer extends StdDeserializer<Response> {

        Deserializer() {
            super(Response.class);
        }

        @Override
        public Response deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw ctxt.wrongTokenException(p, Response.class, JsonToken.START_OBJECT,
                        "a response must be an object");
            }
            String id = null;
            Object result = null;
            URI streamUrl = null;
            String error = null;
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> id = WireText.read(p, ctxt, value, name);
                    case "result" -> result = value == JsonToken.VALUE_NULL ? null : RawJson.read(p, ctxt);
                    case "stream_url" -> streamUrl = WireUrls.read(p, ctxt, name);
                    case "error" -> error = WireText.read(p, ctxt, value, name);
                    default -> p.skipChildren();
                }
            }
            return new Response(id, result, streamUrl, (error == null || error.isEmpty()) ? null : error,
                    AcommJson.of(ctxt));
        }
    }
}
