/**
 * acomm: asynchronous request/response between services over Unix sockets and HTTP, wire-compatible with the Go
 * library of the same name.
 * <p>
 * What an application uses lives here: {@link io.acomm.Request} and {@link io.acomm.Response}, the messages, and
 * {@link io.acomm.AcommJson}, their JSON; {@link io.acomm.Tracker}, which keeps the requests that wait for a response
 * and listens for responses, and {@link io.acomm.AcommOperations}, its calls to code against;
 * {@link io.acomm.Provider}, which serves tasks; {@link io.acomm.UnixStreams}, which serve
 * one-shot streams, and {@link io.acomm.Streams}, which read them; {@link io.acomm.Sender}, which delivers
 * messages through a {@link io.acomm.Transport}; {@link io.acomm.FrameCodec}, the wire's framing; and the exceptions.
 * <p>
 * The layers underneath, each a package that depends only on the ones below it and on the message types here:
 * {@code io.acomm.internal.util} (time limits, worker pools, logging), {@link io.acomm.transport} (sending one frame
 * and reading its ack), {@code io.acomm.internal.json} (the wire format of the messages),
 * {@code io.acomm.internal.server} (the listener, which reads frames without tying a thread to a peer, and the
 * receiver, which decodes, acks and hands each message on), {@code io.acomm.internal.stream} (one-shot stream
 * sockets), {@code io.acomm.internal.tracker} and {@code io.acomm.internal.provider} (the parts of the two
 * endpoints). Nothing here depends on Spring.
 */
@NullMarked
package io.acomm;

import org.jspecify.annotations.NullMarked;
