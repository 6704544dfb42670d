/**
 * The parts of a {@link io.acomm.Tracker}: the table of tracked requests
 * ({@link io.acomm.internal.tracker.PendingRequests}, each a {@link io.acomm.internal.tracker.TrackedRequest}) and the
 * timing wheel on which they time out; the {@link io.acomm.internal.tracker.ClientCalls}, which send and track the
 * tracker's own requests; the {@link io.acomm.internal.tracker.TrackerRuntime}, which starts and stops the parts and
 * claims the request each response answers; the {@link io.acomm.internal.tracker.ResponseDispatcher}, which runs a
 * response's callbacks or forwards it on the handler executor; and the
 * {@link io.acomm.internal.tracker.RequestProxy}, which proxies requests between Unix and HTTP peers. Internal: no
 * compatibility promise.
 */
@NullMarked
package io.acomm.internal.tracker;

import org.jspecify.annotations.NullMarked;
