/**
 * acomm: asynchronous request/response between services over Unix sockets and HTTP, wire-compatible with the Go
 * library of the same name.
 * <p>
 * What an application uses: {@link io.acomm.Request} and {@link io.acomm.Response}, the messages;
 * {@link io.acomm.Tracker}, which keeps the requests that wait for a response and listens for responses;
 * {@link io.acomm.Provider}, which serves tasks; {@link io.acomm.Sender}, which delivers messages; and
 * {@link io.acomm.AcommJson}, their JSON. Underneath, in layers: the frame codec and the unix and HTTP transports;
 * the listener, which reads frames without tying a thread to a peer; and the receiver, which decodes, acks and hands
 * each message on. The package has no dependency on Spring.
 */
package io.acomm;
