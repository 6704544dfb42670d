/**
 * Serving a Unix socket: {@link io.acomm.internal.server.UnixListener} (built by
 * {@link io.acomm.internal.server.UnixListenerBuilder}) binds its {@link io.acomm.internal.server.ListenerSocket}
 * and accepts connections on its {@link io.acomm.internal.server.Acceptors}, within a
 * {@link io.acomm.internal.server.ConnectionLimit}. {@link io.acomm.internal.server.FrameServing} reads one frame
 * from each connection without tying a thread to a peer that is not sending (its
 * {@link io.acomm.internal.server.ReadLoop} finishes slow frames on one selector thread), within a read budget; a
 * {@link io.acomm.internal.server.FrameReceiver} decodes each frame, acks it and hands the message on through a
 * {@link io.acomm.internal.server.MessageHandler}. {@link io.acomm.internal.server.HandlerServing} hands each
 * connection to a {@link io.acomm.internal.server.ConnectionHandler} instead. Also the socket files, their
 * permissions and the peer check.
 * Internal: no compatibility promise.
 */
@NullMarked
package io.acomm.internal.server;

import org.jspecify.annotations.NullMarked;
