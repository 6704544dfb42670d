/**
 * The wire format of requests and responses, as Jackson serializers registered by
 * {@link io.acomm.internal.json.AcommModule}: field names and URL forms as the Go library writes them, and arguments
 * and results kept as raw JSON ({@link io.acomm.internal.json.RawJson}) until they are read. Internal: no
 * compatibility promise.
 */
@NullMarked
package io.acomm.internal.json;

import org.jspecify.annotations.NullMarked;
