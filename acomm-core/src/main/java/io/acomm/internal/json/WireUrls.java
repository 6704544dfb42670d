package io.acomm.internal.json;

import java.net.URI;
import java.net.URISyntaxException;

import io.acomm.UrlFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;

/**
 * Reads and writes URL fields in both wire forms: Go's {@code *url.URL} object and a plain string.
 */
public final class WireUrls {

    private WireUrls() {
    }

    static void write(JsonGenerator gen, URI url, UrlFormat format) {
        if (url == null) {
            gen.writeNull();
        }
        else if (format == UrlFormat.STRING) {
            gen.writeString(url.toString());
        }
        else {
            writeGoObject(gen, url);
        }
    }

    private static void writeGoObject(JsonGenerator gen, URI url) {
        gen.writeStartObject();
        gen.writeStringProperty("Scheme", nullToEmpty(url.getScheme()));
        gen.writeStringProperty("Opaque", url.isOpaque() ? url.getRawSchemeSpecificPart() : "");
        gen.writeName("User");
        if (url.getRawUserInfo() != null) {
            // Go never writes user info fields; a present user shows as an empty object.
            gen.writeStartObject();
            gen.writeEndObject();
        }
        else {
            gen.writeNull();
        }
        gen.writeStringProperty("Host", host(url));
        String path = nullToEmpty(url.getPath());
        String rawPath = nullToEmpty(url.getRawPath());
        gen.writeStringProperty("Path", path);
        gen.writeStringProperty("RawPath", rawPath.equals(path) ? "" : rawPath);
        gen.writeBooleanProperty("OmitHost", false);
        // Go sets ForceQuery for a URL ending in a '?' with an empty query
        gen.writeBooleanProperty("ForceQuery", "".equals(url.getRawQuery()));
        gen.writeStringProperty("RawQuery", nullToEmpty(url.getRawQuery()));
        String fragment = nullToEmpty(url.getFragment());
        String rawFragment = nullToEmpty(url.getRawFragment());
        gen.writeStringProperty("Fragment", fragment);
        gen.writeStringProperty("RawFragment", rawFragment.equals(fragment) ? "" : rawFragment);
        gen.writeEndObject();
    }

    private static String host(URI url) {
        if (url.getHost() != null) {
            return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return "";
        }
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : authority.substring(at + 1);
    }

    static URI read(JsonParser p, DeserializationContext ctxt, String field) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getString();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return new URI(text);
            }
            catch (URISyntaxException ex) {
                throw ctxt.weirdStringException(text, URI.class, "invalid URL in '" + field + "': " + ex.getMessage());
            }
        }
        if (token == JsonToken.START_OBJECT) {
            return readGoObject(p, ctxt, field);
        }
        throw ctxt.wrongTokenException(p, URI.class, JsonToken.START_OBJECT,
                "'" + field + "' must be a URL object or string");
    }

    private static URI readGoObject(JsonParser p, DeserializationContext ctxt, String field) {
        String scheme = "";
        String opaque = "";
        String host = "";
        String path = "";
        String rawPath = "";
        String rawQuery = "";
        String fragment = "";
        String rawFragment = "";
        boolean forceQuery = false;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "Scheme" -> scheme = text(p, value);
                case "Opaque" -> opaque = text(p, value);
                case "Host" -> host = text(p, value);
                case "Path" -> path = text(p, value);
                case "RawPath" -> rawPath = text(p, value);
                case "RawQuery" -> rawQuery = text(p, value);
                case "Fragment" -> fragment = text(p, value);
                case "RawFragment" -> rawFragment = text(p, value);
                case "ForceQuery" -> forceQuery = value == JsonToken.VALUE_TRUE;
                default -> p.skipChildren();
            }
        }
        try {
            return build(scheme, opaque, host, path, rawPath, rawQuery, forceQuery, fragment, rawFragment);
        }
        catch (URISyntaxException ex) {
            throw ctxt.weirdStringException(scheme + "://" + host + path, URI.class,
                    "invalid URL in '" + field + "': " + ex.getMessage());
        }
    }

    private static URI build(String scheme, String opaque, String host, String path, String rawPath,
            String rawQuery, boolean forceQuery, String fragment, String rawFragment) throws URISyntaxException {
        StringBuilder url = new StringBuilder();
        if (!scheme.isEmpty()) {
            url.append(scheme).append(':');
        }
        if (!opaque.isEmpty()) {
            url.append(opaque);
        }
        else {
            String escapedPath = rawPath.isEmpty() ? escapePath(path) : rawPath;
            if (!scheme.isEmpty() || !host.isEmpty()) {
                url.append("//").append(host);
            }
            url.append(escapedPath);
        }
        if (!rawQuery.isEmpty() || forceQuery) {
            url.append('?').append(rawQuery);
        }
        if (!fragment.isEmpty()) {
            url.append('#').append(rawFragment.isEmpty() ? escapeFragment(fragment) : rawFragment);
        }
        return new URI(url.toString());
    }

    private static String escapePath(String path) throws URISyntaxException {
        return path.isEmpty() ? "" : new URI(null, null, path, null).getRawPath();
    }

    private static String escapeFragment(String fragment) throws URISyntaxException {
        return new URI(null, null, null, fragment).getRawFragment();
    }

    private static String text(JsonParser p, JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        p.skipChildren();
        return "";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
