/**
 * How a {@link io.acomm.Sender} delivers one encoded message and reads its ack: over a Unix socket
 * ({@link io.acomm.transport.UnixTransport}) or by an HTTP POST ({@link io.acomm.transport.HttpTransport}), each
 * within a deadline. {@link io.acomm.transport.HttpAck} checks an HTTP answer the way every HTTP transport must, for
 * applications that write their own.
 */
@NullMarked
package io.acomm.transport;

import org.jspecify.annotations.NullMarked;
