package io.acomm.internal.json;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.UrlFormat;
import tools.jackson.core.Version;
import tools.jackson.databind.module.SimpleModule;

/**
 * The Jackson module that maps {@link Request} and {@link Response} to and from acomm's wire JSON.
 * <p>
 * Register it on any {@code JsonMapper} to read and write acomm messages with it. URL fields are written in the
 * chosen {@link UrlFormat} and read in either form; unknown fields are ignored. The module only affects acomm's own
 * types: arguments and results given as objects are serialised by the mapper as usual, while decoded ones are kept
 * as raw JSON and written back verbatim. Messages decoded by a mapper that is not an {@link AcommJson}'s convert
 * their arguments and results with {@link AcommJson#defaults()}.
 */
public class AcommModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the module writing URLs in Go's object form.
     */
    public AcommModule() {
        this(UrlFormat.GO);
    }

    /**
     * @param urlFormat how URL fields are written
     */
    public AcommModule(UrlFormat urlFormat) {
        super("acomm-" + urlFormat.name().toLowerCase(java.util.Locale.ROOT), Version.unknownVersion());
        addSerializer(Request.class, new RequestWireFormat.Serializer(urlFormat));
        addDeserializer(Request.class, new RequestWireFormat.Deserializer());
        addSerializer(Response.class, new ResponseWireFormat.Serializer(urlFormat));
        addDeserializer(Response.class, new ResponseWireFormat.Deserializer());
        addSerializer(RawJson.class, new RawJson.Serializer());
    }
}
