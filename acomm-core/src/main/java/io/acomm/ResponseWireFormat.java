package io.acomm;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON form of a {@link Response}, as Go writes it: {@code {"error":…,"id":…,"result":…,"stream_url":…}}, where
 * an empty {@code error} means success.
 */
final class ResponseWireFormat {

    private ResponseWireFormat() {
    }

    static final class Serializer extends StdSerializer<Response> {

        private static final long serialVersionUID = 1L;

        private final UrlFormat urlFormat;

        Serializer(UrlFormat urlFormat) {
            super(Response.class);
            this.urlFormat = urlFormat;
        }

        @Override
        public void serialize(Response response, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("error", response.isError() ? response.error() : "");
            gen.writeStringField("id", response.id());
            gen.writeFieldName("result");
            provider.defaultSerializeValue(response.result(), gen);
            gen.writeFieldName("stream_url");
            WireUrls.write(gen, response.streamUrl(), this.urlFormat);
            gen.writeEndObject();
        }
    }

    static final class Deserializer extends StdDeserializer<Response> {

        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Response.class);
        }

        @Override
        public Response deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw ctxt.wrongTokenException(p, Response.class, JsonToken.START_OBJECT,
                        "a response must be an object");
            }
            String id = null;
            Object result = null;
            URI streamUrl = null;
            String error = null;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> id = WireText.read(p, ctxt, value, name);
                    case "result" -> result = value == JsonToken.VALUE_NULL ? null : ctxt.readTree(p);
                    case "stream_url" -> streamUrl = WireUrls.read(p, ctxt, name);
                    case "error" -> error = WireText.read(p, ctxt, value, name);
                    default -> p.skipChildren();
                }
            }
            return new Response(id, result, streamUrl, (error == null || error.isEmpty()) ? null : error);
        }
    }
}
