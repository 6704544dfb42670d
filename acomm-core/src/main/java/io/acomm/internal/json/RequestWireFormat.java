package io.acomm.internal.json;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.UrlFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON form of a {@link Request}, as Go writes it:
 * {@code {"id":…,"task":…,"responsehook":…,"stream_url":…,"args":…}}, with {@code stream_url} left out when there
 * is none, followed by the optional trace context {@code "traceparent":…,"tracestate":…} when the request carries
 * one (Go ignores these fields). Decoded arguments are kept as {@link RawJson} and written back verbatim; a trace
 * context not of the W3C form is dropped ({@link WireTraceContext}).
 */
public final class RequestWireFormat {

    private RequestWireFormat() {
    }

    static final class Serializer extends StdSerializer<Request> {

        private final UrlFormat urlFormat;

        Serializer(UrlFormat urlFormat) {
            super(Request.class);
            this.urlFormat = urlFormat;
        }

        @Override
        public void serialize(Request request, JsonGenerator gen, SerializationContext provider) {
            gen.writeStartObject();
            gen.writeStringProperty("id", request.id());
            gen.writeStringProperty("task", request.task());
            gen.writeName("responsehook");
            WireUrls.write(gen, request.responseHook(), this.urlFormat);
            if (request.streamUrl() != null) {
                gen.writeName("stream_url");
                WireUrls.write(gen, request.streamUrl(), this.urlFormat);
            }
            gen.writeName("args");
            provider.writeValue(gen, request.heldArgs());
            if (request.traceParent() != null) {
                gen.writeStringProperty(WireTraceContext.TRACEPARENT, request.traceParent());
            }
            if (request.traceState() != null) {
                gen.writeStringProperty(WireTraceContext.TRACESTATE, request.traceState());
            }
            gen.writeEndObject();
        }
    }

    static final class Deserializer extends StdDeserializer<Request> {

        Deserializer() {
            super(Request.class);
        }

        @Override
        public Request deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw ctxt.wrongTokenException(p, Request.class, JsonToken.START_OBJECT, "a request must be an object");
            }
            Request.Builder builder = Request.decodingBuilder(AcommJson.of(ctxt));
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> builder.id(WireText.read(p, ctxt, value, name));
                    case "task" -> builder.task(WireText.read(p, ctxt, value, name));
                    case "responsehook" -> builder.responseHook(WireUrls.read(p, ctxt, name));
                    case "stream_url" -> builder.streamUrl(WireUrls.read(p, ctxt, name));
                    case "args" -> builder.args(value == JsonToken.VALUE_NULL ? null : RawJson.read(p, ctxt));
                    case WireTraceContext.TRACEPARENT -> builder.traceParent(WireTraceContext.read(p, value, name));
                    case WireTraceContext.TRACESTATE -> builder.traceState(WireTraceContext.read(p, value, name));
                    default -> p.skipChildren();
                }
            }
            return builder.build();
        }
    }
}
