/**
 * Serving a Unix socket: {@link io.acomm.internal.server.UnixListener} accepts connections and reads frames without
 * tying a thread to a peer that is not sending (its {@link io.acomm.internal.server.ReadLoop} finishes slow frames on
 * one selector thread), within a read budget and a connection limit; a
 * {@link io.acomm.internal.server.FrameReceiver} decodes each frame, acks it and hands the message on through a
 * {@link io.acomm.internal.server.MessageHandler}. Also the socket files, their permissions and the peer check.
 * Internal: no compatibility promise.
 */
@NullMarked
package io.acomm.internal.server;

import org.jspecify.annotations.NullMarked;
