/**
 * One-shot stream sockets: {@link io.acomm.internal.stream.StreamServer} serves each stream's bytes to the first
 * allowed reader, on one selector thread for all pending streams, and closes what nobody reads in time. Internal: no
 * compatibility promise.
 */
@NullMarked
package io.acomm.internal.stream;

import org.jspecify.annotations.NullMarked;
