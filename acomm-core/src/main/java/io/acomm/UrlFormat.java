package io.acomm;

/**
 * How URL fields ({@code responsehook}, {@code stream_url}) are written on the wire. Both forms are always read.
 */
public enum UrlFormat {

    /**
     * The object of fields that Go's {@code encoding/json} writes for a {@code *url.URL}; the only form Go can read.
     */
    GO,

    /**
     * A plain URL string such as {@code "unix:///run/acomm/tracker.sock"}, for peers that are not written in Go.
     */
    STRING
}
