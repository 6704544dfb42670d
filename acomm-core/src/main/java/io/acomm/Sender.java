package io.acomm;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

import io.acomm.internal.util.Timeouts;
import io.acomm.transport.HttpTransport;
import io.acomm.transport.UnixTransport;

/**
 * Sends acomm messages, picking the {@link Transport} by the destination's URL scheme: {@code unix} by default over
 * {@link UnixTransport}, {@code http} and {@code https} over {@link HttpTransport}. Any transport can be replaced or
 * added with the {@link Builder}. Instances are immutable and thread-safe.
 */
public final class Sender {

    private static final class DefaultHolder {
        static final Sender INSTANCE = builder().build();
    }

    private final AcommJson json;
    private final Map<String, Transport> transports;

    private Sender(AcommJson json, Map<String, Transport> transports) {
        this.json = json;
        this.transports = Map.copyOf(transports);
    }

    /**
     * @return the shared sender with the default JSON and transports, created on first use (its HTTP transport holds
     *     an {@code HttpClient}); endpoints built without a sender of their own use it
     */
    public static Sender defaults() {
        return DefaultHolder.INSTANCE;
    }

    /**
     * @return a builder starting from the default JSON and transports
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the JSON used to encode messages
     */
    public AcommJson json() {
        return this.json;
    }

    /**
     * Encodes and delivers a message.
     * @param destination where to deliver it
     * @param message a {@link Request}, a {@link Response}, or any JSON-serialisable value
     * @throws SendException naming the destination if the scheme is unknown, delivery fails or the message is
     *     refused
     */
    public void send(URI destination, Object message) {
        Transport transport = transportFor(destination);
        transport.send(destination, this.json.encode(message));
    }

    /**
     * Delivers an already encoded message.
     * @param destination where to deliver it
     * @param message the wire JSON
     * @throws SendException naming the destination if the scheme is unknown, delivery fails or the message is
     *     refused
     */
    public void sendEncoded(URI destination, byte[] message) {
        transportFor(destination).send(destination, message);
    }

    /**
     * Delivers an already encoded message within a time limit: the transport uses the smaller of the timeout and its
     * own (see {@link Transport#send(URI, byte[], Duration)}).
     * @param destination where to deliver it
     * @param message the wire JSON
     * @param timeout the most time the delivery may take, ack included
     * @throws SendException naming the destination if the scheme is unknown, delivery fails or does not end in time,
     *     or the message is refused
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public void sendEncoded(URI destination, byte[] message, Duration timeout) {
        Timeouts.requirePositive(timeout, "timeout");
        transportFor(destination).send(destination, message, timeout);
    }

    private Transport transportFor(URI destination) {
        Objects.requireNonNull(destination, "destination");
        String scheme = destination.getScheme() == null ? "" : destination.getScheme().toLowerCase(Locale.ROOT);
        Transport transport = this.transports.get(scheme);
        if (transport == null) {
            throw new SendException(destination, "unknown url type: " + scheme);
        }
        return transport;
    }

    /**
     * Builds a {@link Sender}. Transports that are not set explicitly are created from the JSON and codec.
     */
    public static final class Builder {

        private AcommJson json = AcommJson.defaults();
        private FrameCodec codec = FrameCodec.defaults();
        private Duration unixSendTimeout = UnixTransport.DEFAULT_SEND_TIMEOUT;
        private final Map<String, Transport> transports = new HashMap<>();
        private BiFunction<String, Transport, Transport> decorator = (scheme, transport) -> transport;

        private Builder() {
        }

        /**
         * @param json encodes the messages and decodes the acks
         * @return this builder
         */
        public Builder json(AcommJson json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /**
         * @param codec the codec of the default unix transport
         * @return this builder
         */
        public Builder codec(FrameCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * @param timeout the time the default unix transport allows a whole send, from connecting to reading the
         *     ack; {@link UnixTransport#DEFAULT_SEND_TIMEOUT} unless set
         * @return this builder
         * @throws IllegalArgumentException if the timeout is not positive
         */
        public Builder unixSendTimeout(Duration timeout) {
            this.unixSendTimeout = Timeouts.requirePositive(timeout, "unix send timeout");
            return this;
        }

        /**
         * @param scheme a URL scheme such as {@code http}
         * @param transport the transport for it
         * @return this builder
         */
        public Builder transport(String scheme, Transport transport) {
            this.transports.put(scheme.toLowerCase(Locale.ROOT), Objects.requireNonNull(transport, "transport"));
            return this;
        }

        /**
         * @param decorator wraps the transport of each scheme, for example to measure sends; called once per
         *     scheme with the scheme and its transport
         * @return this builder
         */
        public Builder transportDecorator(BiFunction<String, Transport, Transport> decorator) {
            BiFunction<String, Transport, Transport> previous = this.decorator;
            Objects.requireNonNull(decorator, "decorator");
            this.decorator = (scheme, transport) -> decorator.apply(scheme, previous.apply(scheme, transport));
            return this;
        }

        /**
         * @return a sender with the transports set, and the default ones for the schemes not set
         */
        public Sender build() {
            Map<String, Transport> all = new HashMap<>(this.transports);
            all.computeIfAbsent("unix", scheme -> new UnixTransport(this.json, this.codec, this.unixSendTimeout));
            if (!all.containsKey("http") || !all.containsKey("https")) {
                HttpTransport http = HttpTransport.create(this.json);
                all.putIfAbsent("http", http);
                all.putIfAbsent("https", http);
            }
            all.replaceAll(this.decorator);
            return new Sender(this.json, all);
        }
    }
}
