package io.acomm;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON form of a {@link Request}, as Go writes it:
 * {@code {"id":…,"task":…,"responsehook":…,"stream_url":…,"args":…}}, with {@code stream_url} left out when there
 * is none.
 */
final class RequestWireFormat {

    private RequestWireFormat() {
    }

    static final class Serializer extends StdSerializer<Request> {

        private static final long serialVersionUID = 1L;

        private final UrlFormat urlFormat;

        Serializer(UrlFormat urlFormat) {
            super(Request.class);
            this.urlFormat = urlFormat;
        }

        @Override
        public void serialize(Request request, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("id", request.id());
            gen.writeStringField("task", request.task());
            gen.writeFieldName("responsehook");
            WireUrls.write(gen, request.responseHook(), this.urlFormat);
            if (request.streamUrl() != null) {
                gen.writeFieldName("stream_url");
                WireUrls.write(gen, request.streamUrl(), this.urlFormat);
            }
            gen.writeFieldName("args");
            provider.defaultSerializeValue(request.args(), gen);
            gen.writeEndObject();
        }
    }

    static final class Deserializer extends StdDeserializer<Request> {

        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Request.class);
        }

        @Override
        public Request deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw ctxt.wrongTokenException(p, Request.class, JsonToken.START_OBJECT, "a request must be an object");
            }
            Request.Builder builder = Request.decodingBuilder();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> builder.id(WireText.read(p, ctxt, value, name));
                    case "task" -> builder.task(WireText.read(p, ctxt, value, name));
                    case "responsehook" -> builder.responseHook(WireUrls.read(p, ctxt, name));
                    case "stream_url" -> builder.streamUrl(WireUrls.read(p, ctxt, name));
                    case "args" -> builder.args(value == JsonToken.VALUE_NULL ? null : ctxt.readTree(p));
                    default -> p.skipChildren();
                }
            }
            return builder.build();
        }
    }
}
