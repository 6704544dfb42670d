/**
 * acomm's Micrometer observations: {@code acomm.request}, a request a {@link io.acomm.Tracker} sends, from the send
 * to its response or timeout; {@code acomm.task}, a request a {@link io.acomm.Provider} serves, from its task's start
 * to its response's delivery; and {@code acomm.response}, a response a tracker handles (the callbacks it runs, or the
 * forward of a proxied request's response). {@link io.acomm.observation.AcommObservation} documents their names and
 * keys; each has a context ({@link io.acomm.observation.AcommRequestContext},
 * {@link io.acomm.observation.AcommTaskContext}, {@link io.acomm.observation.AcommResponseContext}) and a convention
 * an application may replace. The request and task contexts carry the W3C trace context of a request
 * ({@code traceparent}, {@code tracestate}), so that a tracer's propagating handlers continue a caller's trace in the
 * provider.
 */
@NullMarked
package io.acomm.observation;

import org.jspecify.annotations.NullMarked;
