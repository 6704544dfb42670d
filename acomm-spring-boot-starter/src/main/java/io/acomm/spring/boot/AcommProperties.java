package io.acomm.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import io.acomm.PeerFilter;
import io.acomm.Provider;
import io.acomm.UrlFormat;
import io.acomm.internal.server.SocketPermissions;
import io.acomm.internal.server.UnixListener;
import io.acomm.transport.UnixTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of acomm, bound to {@code acomm.*}. The properties validate themselves: a bad value
 * fails start-up with a message naming the property.
 */
@ConfigurationProperties(prefix = "acomm")
public class AcommProperties implements Validator {

    /**
     * Whether to auto-configure acomm at all.
     */
    private boolean enabled = true;

    private final TrackerProperties tracker = new TrackerProperties();

    private final Wire wire = new Wire();

    private final Unix unix = new Unix();

    private final Http http = new Http();

    private final ProviderProperties provider = new ProviderProperties();

    private final ObservationProperties observation = new ObservationProperties();

    /**
     * @return the value of {@code acomm.enabled}
     */
    public boolean isEnabled() {
        return this.enabled;
    }

    /**
     * @param enabled the value of {@code acomm.enabled}
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @return the {@code acomm.tracker.*} properties
     */
    public TrackerProperties getTracker() {
        return this.tracker;
    }

    /**
     * @return the {@code acomm.wire.*} properties
     */
    public Wire getWire() {
        return this.wire;
    }

    /**
     * @return the {@code acomm.unix.*} properties
     */
    public Unix getUnix() {
        return this.unix;
    }

    /**
     * @return the {@code acomm.http.*} properties
     */
    public Http getHttp() {
        return this.http;
    }

    /**
     * @return the {@code acomm.provider.*} properties
     */
    public ProviderProperties getProvider() {
        return this.provider;
    }

    /**
     * @return the {@code acomm.observation.*} properties
     */
    public ObservationProperties getObservation() {
        return this.observation;
    }

    @Override
    public boolean supports(Class<?> type) {
        return AcommProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        AcommProperties properties = (AcommProperties) target;
        TrackerProperties tracker = properties.getTracker();
        positive(errors, "tracker.defaultTimeout", tracker.getDefaultTimeout());
        notNegative(errors, "tracker.shutdownTimeout", tracker.getShutdownTimeout());
        positive(errors, "unix.readTimeout", properties.getUnix().getReadTimeout());
        positive(errors, "unix.sendTimeout", properties.getUnix().getSendTimeout());
        ProviderProperties provider = properties.getProvider();
        notNegative(errors, "provider.shutdownTimeout", provider.getShutdownTimeout());
        if (provider.getMaxConcurrency() < 1) {
            reject(errors, "provider.maxConcurrency", "positive",
                    "must be at least 1 but was " + provider.getMaxConcurrency());
        }
        atLeastOne(errors, "unix.backlog", properties.getUnix().getBacklog());
        atLeastOne(errors, "unix.maxConnections", properties.getUnix().getMaxConnections());
        DataSize readBudget = properties.getUnix().getReadBudget();
        if (readBudget == null || readBudget.toBytes() < 1) {
            reject(errors, "unix.readBudget", "positive", "must be at least 1B but was " + readBudget);
        }
        atLeastOne(errors, "tracker.listenerConcurrency", tracker.getListenerConcurrency());
        atLeastOne(errors, "provider.deliveryConcurrency", provider.getDeliveryConcurrency());
        notNegative(errors, "provider.duplicateWindow", provider.getDuplicateWindow());
        if (provider.getDuplicateWindowSize() < 0) {
            reject(errors, "provider.duplicateWindowSize", "notNegative",
                    "must not be negative but was " + provider.getDuplicateWindowSize());
        }
        DataSize maxFrameSize = properties.getUnix().getMaxFrameSize();
        if (maxFrameSize == null || maxFrameSize.toBytes() < 1 || maxFrameSize.toBytes() > Integer.MAX_VALUE) {
            reject(errors, "unix.maxFrameSize", "range",
                    "must be between 1B and " + Integer.MAX_VALUE + "B but was " + maxFrameSize);
        }
        try {
            SocketPermissions.parse(properties.getUnix().getSocketPermissions());
        }
        catch (IllegalArgumentException ex) {
            reject(errors, "unix.socketPermissions", "format", ex.getMessage());
        }
        DataSize maxBodySize = properties.getHttp().getMaxBodySize();
        if (maxBodySize == null || maxBodySize.toBytes() < 1 || maxBodySize.toBytes() >= Integer.MAX_VALUE) {
            reject(errors, "http.maxBodySize", "range",
                    "must be between 1B and " + (Integer.MAX_VALUE - 1) + "B but was " + maxBodySize);
        }
        String basePath = properties.getHttp().getBasePath();
        if (basePath == null || !basePath.startsWith("/") || basePath.endsWith("/")) {
            reject(errors, "http.basePath", "format",
                    "must start with '/' and not end with '/' but was '" + basePath + "'");
        }
        positive(errors, "http.connectTimeout", properties.getHttp().getConnectTimeout());
        positive(errors, "http.readTimeout", properties.getHttp().getReadTimeout());
    }

    private static void atLeastOne(Errors errors, String field, Integer value) {
        if (value != null && value < 1) {
            reject(errors, field, "positive", "must be at least 1 but was " + value);
        }
    }

    private static void positive(Errors errors, String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            reject(errors, field, "positive", "must be a positive duration but was " + value);
        }
    }

    private static void notNegative(Errors errors, String field, Duration value) {
        if (value == null || value.isNegative()) {
            reject(errors, field, "notNegative", "must not be negative but was " + value);
        }
    }

    /**
     * Rejects a field with a message that starts with the property's name as it is configured, such as
     * {@code acomm.tracker.default-timeout}, since Boot's own message only names the field of the bean.
     */
    private static void reject(Errors errors, String field, String code, String message) {
        String property = "acomm." + field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        errors.rejectValue(field, code, property + ": " + message);
    }

    /**
     * The tracker: the requesting side's socket, timeouts and proxy URLs.
     */
    public static class TrackerProperties {

        /**
         * Path of the tracker's Unix socket. Wins over socket-dir.
         */
        private Path socketPath;

        /**
         * Directory of the tracker's socket when no socket-path is set; the socket gets a unique name
         * acommTracker-<random>.sock. Defaults to a directory of this application instance's own under the system
         * temp directory, deleted on shutdown.
         */
        private Path socketDir;

        /**
         * How long a tracked request waits for its response by default.
         */
        private Duration defaultTimeout = Duration.ofMinutes(1);

        /**
         * How long shutdown waits for tracked requests before answering them with an error.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /**
         * URL of the HTTP stream endpoint remote hosts read proxied unix streams from. Derived from the web server's
         * address and acomm.http.base-path when not set.
         */
        private URI httpStreamUrl;

        /**
         * URL external hosts send responses to (the responses endpoint). Derived from the web server's address and
         * acomm.http.base-path when not set.
         */
        private URI externalProxyUrl;

        /**
         * How many threads accept and serve responses on the tracker's socket at once. A peer that sends slowly
         * holds none of them. Defaults to twice the processors, and at least 4.
         */
        private Integer listenerConcurrency;

        /**
         * @return the value of {@code acomm.tracker.listener-concurrency}
         */
        public Integer getListenerConcurrency() {
            return this.listenerConcurrency;
        }

        /**
         * @param listenerConcurrency the value of {@code acomm.tracker.listener-concurrency}
         */
        public void setListenerConcurrency(Integer listenerConcurrency) {
            this.listenerConcurrency = listenerConcurrency;
        }

        /**
         * @return the value of {@code acomm.tracker.socket-path}
         */
        public Path getSocketPath() {
            return this.socketPath;
        }

        /**
         * @param socketPath the value of {@code acomm.tracker.socket-path}
         */
        public void setSocketPath(Path socketPath) {
            this.socketPath = socketPath;
        }

        /**
         * @return the value of {@code acomm.tracker.socket-dir}
         */
        public Path getSocketDir() {
            return this.socketDir;
        }

        /**
         * @param socketDir the value of {@code acomm.tracker.socket-dir}
         */
        public void setSocketDir(Path socketDir) {
            this.socketDir = socketDir;
        }

        /**
         * @return the value of {@code acomm.tracker.default-timeout}
         */
        public Duration getDefaultTimeout() {
            return this.defaultTimeout;
        }

        /**
         * @param defaultTimeout the value of {@code acomm.tracker.default-timeout}
         */
        public void setDefaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }

        /**
         * @return the value of {@code acomm.tracker.shutdown-timeout}
         */
        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        /**
         * @param shutdownTimeout the value of {@code acomm.tracker.shutdown-timeout}
         */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        /**
         * @return the value of {@code acomm.tracker.http-stream-url}
         */
        public URI getHttpStreamUrl() {
            return this.httpStreamUrl;
        }

        /**
         * @param httpStreamUrl the value of {@code acomm.tracker.http-stream-url}
         */
        public void setHttpStreamUrl(URI httpStreamUrl) {
            this.httpStreamUrl = httpStreamUrl;
        }

        /**
         * @return the value of {@code acomm.tracker.external-proxy-url}
         */
        public URI getExternalProxyUrl() {
            return this.externalProxyUrl;
        }

        /**
         * @param externalProxyUrl the value of {@code acomm.tracker.external-proxy-url}
         */
        public void setExternalProxyUrl(URI externalProxyUrl) {
            this.externalProxyUrl = externalProxyUrl;
        }
    }

    /**
     * The JSON written on the wire.
     */
    public static class Wire {

        /**
         * How URL fields are written: 'go' (Go's url.URL object, the only form Go reads) or 'string'.
         */
        private UrlFormat urlFormat = UrlFormat.GO;

        /**
         * @return the value of {@code acomm.wire.url-format}
         */
        public UrlFormat getUrlFormat() {
            return this.urlFormat;
        }

        /**
         * @param urlFormat the value of {@code acomm.wire.url-format}
         */
        public void setUrlFormat(UrlFormat urlFormat) {
            this.urlFormat = urlFormat;
        }
    }

    /**
     * The observations of requests, tasks and responses.
     */
    public static class ObservationProperties {

        /**
         * Whether the tracker and the provider are observed with Micrometer's Observation API (acomm.request,
         * acomm.task, acomm.response) in the application's ObservationRegistry, with trace propagation. Off by
         * default, as Spring Kafka's and Spring AMQP's observations are: each message then pays for three
         * observations.
         */
        private boolean enabled;

        /**
         * Whether requests carry the W3C trace context (traceparent, tracestate) of their caller, so that a provider
         * continues the caller's trace; false sends none and reads none.
         */
        private boolean propagation = true;

        /**
         * @return the value of {@code acomm.observation.enabled}
         */
        public boolean isEnabled() {
            return this.enabled;
        }

        /**
         * @param enabled the value of {@code acomm.observation.enabled}
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * @return the value of {@code acomm.observation.propagation}
         */
        public boolean isPropagation() {
            return this.propagation;
        }

        /**
         * @param propagation the value of {@code acomm.observation.propagation}
         */
        public void setPropagation(boolean propagation) {
            this.propagation = propagation;
        }
    }

    /**
     * Unix sockets: framing limits and socket file permissions.
     */
    public static class Unix {

        /**
         * Largest frame accepted; larger declared lengths are refused before anything is allocated.
         */
        private DataSize maxFrameSize = DataSize.ofMegabytes(16);

        /**
         * Time allowed to read one whole frame (and an ack).
         */
        @DurationUnit(java.time.temporal.ChronoUnit.MILLIS)
        private Duration readTimeout = Duration.ofSeconds(10);

        /**
         * Permissions of the socket files, octal (0600, 0660) or symbolic (rw-------).
         */
        private String socketPermissions = "0600";

        /**
         * User ids whose processes may send messages to the tracker and provider sockets (checked with the peer's
         * credentials). Defaults to the user the application runs as, and root.
         */
        private Set<Long> allowedUids = new LinkedHashSet<>();

        /**
         * Group ids whose processes may send messages to the tracker and provider sockets, for sockets made group
         * accessible with socket-permissions.
         */
        private Set<Long> allowedGids = new LinkedHashSet<>();

        /**
         * How many connections the kernel queues on each tracker and provider socket while none is accepted.
         * Defaults to the system maximum (net.core.somaxconn), as Go's listeners use: a Go peer does not retry a
         * connection refused for a full queue.
         */
        private Integer backlog;

        /**
         * How long a delivery to a unix:// hook may take in all: connecting (a full backlog is waited on), writing
         * the frame and reading the ack. A tracker's send also ends by the caller's timeout when that is shorter.
         */
        private Duration sendTimeout = UnixTransport.DEFAULT_SEND_TIMEOUT;

        /**
         * How many connections each tracker and provider socket keeps open at once; further ones are closed at once
         * and counted.
         */
        private int maxConnections = UnixListener.DEFAULT_MAX_CONNECTIONS;

        /**
         * How many bytes the frames being read and decoded at once on each socket may hold together; further frames
         * wait, unread, until bytes are given back. Never less than max-frame-size.
         */
        private DataSize readBudget = DataSize.ofBytes(UnixListener.DEFAULT_READ_BUDGET);

        /**
         * @return the peer filter these properties describe
         */
        public PeerFilter peerFilter() {
            Set<Long> uids = this.allowedUids.isEmpty() ? PeerFilter.currentUserAndRoot().uids() : this.allowedUids;
            return PeerFilter.of(uids, this.allowedGids);
        }

        /**
         * @return the value of {@code acomm.unix.allowed-uids}
         */
        public Set<Long> getAllowedUids() {
            return this.allowedUids;
        }

        /**
         * @param allowedUids the value of {@code acomm.unix.allowed-uids}
         */
        public void setAllowedUids(Set<Long> allowedUids) {
            this.allowedUids = allowedUids;
        }

        /**
         * @return the value of {@code acomm.unix.allowed-gids}
         */
        public Set<Long> getAllowedGids() {
            return this.allowedGids;
        }

        /**
         * @return the value of {@code acomm.unix.backlog}
         */
        public Integer getBacklog() {
            return this.backlog;
        }

        /**
         * @return the value of {@code acomm.unix.send-timeout}
         */
        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        /**
         * @param sendTimeout the value of {@code acomm.unix.send-timeout}
         */
        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        /**
         * @return the value of {@code acomm.unix.max-connections}
         */
        public int getMaxConnections() {
            return this.maxConnections;
        }

        /**
         * @param maxConnections the value of {@code acomm.unix.max-connections}
         */
        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /**
         * @return the value of {@code acomm.unix.read-budget}
         */
        public DataSize getReadBudget() {
            return this.readBudget;
        }

        /**
         * @param readBudget the value of {@code acomm.unix.read-budget}
         */
        public void setReadBudget(DataSize readBudget) {
            this.readBudget = readBudget;
        }

        /**
         * @param backlog the value of {@code acomm.unix.backlog}
         */
        public void setBacklog(Integer backlog) {
            this.backlog = backlog;
        }

        /**
         * @param allowedGids the value of {@code acomm.unix.allowed-gids}
         */
        public void setAllowedGids(Set<Long> allowedGids) {
            this.allowedGids = allowedGids;
        }

        /**
         * @return the value of {@code acomm.unix.max-frame-size}
         */
        public DataSize getMaxFrameSize() {
            return this.maxFrameSize;
        }

        /**
         * @param maxFrameSize the value of {@code acomm.unix.max-frame-size}
         */
        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        /**
         * @return the value of {@code acomm.unix.read-timeout}
         */
        public Duration getReadTimeout() {
            return this.readTimeout;
        }

        /**
         * @param readTimeout the value of {@code acomm.unix.read-timeout}
         */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /**
         * @return the value of {@code acomm.unix.socket-permissions}
         */
        public String getSocketPermissions() {
            return this.socketPermissions;
        }

        /**
         * @param socketPermissions the value of {@code acomm.unix.socket-permissions}
         */
        public void setSocketPermissions(String socketPermissions) {
            this.socketPermissions = socketPermissions;
        }
    }

    /**
     * HTTP: the endpoints of a servlet or reactive web application, and the deliveries to {@code http(s)://} hooks.
     */
    public static class Http {

        /**
         * Path under which the responses and stream endpoints are served.
         */
        private String basePath = "/acomm";

        /**
         * Largest response body the responses endpoint accepts; larger ones are refused with 413.
         */
        private DataSize maxBodySize = DataSize.ofMegabytes(1);

        /**
         * Spring HTTP client that delivers messages to http(s) hooks, built from Boot's builder for it so that the
         * application's customizers and spring.http.clients settings apply. Without that builder (as in a reactive
         * application), the JDK HttpClient delivers them.
         */
        private Client client = Client.REST_TEMPLATE;

        /**
         * Time allowed to connect to an http(s) hook. For acomm's deliveries it replaces
         * spring.http.clients.connect-timeout.
         */
        private Duration connectTimeout = Duration.ofSeconds(10);

        /**
         * Time allowed to wait for the answer of an http(s) hook once connected; a hook that does not answer in time
         * fails the delivery. For acomm's deliveries it replaces spring.http.clients.read-timeout.
         */
        private Duration readTimeout = Duration.ofSeconds(30);

        private final Ssl ssl = new Ssl();

        /**
         * @return the value of {@code acomm.http.base-path}
         */
        public String getBasePath() {
            return this.basePath;
        }

        /**
         * @param basePath the value of {@code acomm.http.base-path}
         */
        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        /**
         * @return the value of {@code acomm.http.max-body-size}
         */
        public DataSize getMaxBodySize() {
            return this.maxBodySize;
        }

        /**
         * @param maxBodySize the value of {@code acomm.http.max-body-size}
         */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /**
         * @return the value of {@code acomm.http.client}
         */
        public Client getClient() {
            return this.client;
        }

        /**
         * @param client the value of {@code acomm.http.client}
         */
        public void setClient(Client client) {
            this.client = client;
        }

        /**
         * @return the value of {@code acomm.http.connect-timeout}
         */
        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        /**
         * @param connectTimeout the value of {@code acomm.http.connect-timeout}
         */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /**
         * @return the value of {@code acomm.http.read-timeout}
         */
        public Duration getReadTimeout() {
            return this.readTimeout;
        }

        /**
         * @param readTimeout the value of {@code acomm.http.read-timeout}
         */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /**
         * @return the {@code acomm.http.ssl.*} properties
         */
        public Ssl getSsl() {
            return this.ssl;
        }

        /**
         * TLS of the deliveries to {@code https://} hooks.
         */
        public static class Ssl {

            /**
             * Name of the SSL bundle (spring.ssl.bundle.*) that deliveries to https hooks trust and present, with
             * whichever HTTP client delivers them. For acomm's deliveries it replaces spring.http.clients.ssl.bundle.
             */
            private @Nullable String bundle;

            /**
             * @return the value of {@code acomm.http.ssl.bundle}
             */
            public @Nullable String getBundle() {
                return this.bundle;
            }

            /**
             * @param bundle the value of {@code acomm.http.ssl.bundle}
             */
            public void setBundle(@Nullable String bundle) {
                this.bundle = bundle;
            }
        }

        /**
         * The Spring HTTP clients that can deliver messages to {@code http(s)://} hooks.
         */
        public enum Client {

            /** A {@code RestTemplate} from Boot's {@code RestTemplateBuilder}. */
            REST_TEMPLATE,

            /** A {@code RestClient} from Boot's {@code RestClient.Builder}. */
            REST_CLIENT;

            /**
             * @return the value as {@code acomm.http.client} is written, such as {@code rest-template}
             */
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }
    }

    /**
     * The provider: where the application serves its {@code @AcommTask} methods.
     */
    public static class ProviderProperties {

        /**
         * Path of the Unix socket that serves every task. Defaults to provider.sock in a directory of this
         * application instance's own under the system temp directory, when no socket-dir is set.
         */
        private Path socketPath;

        /**
         * Directory in which each task also gets its own socket, <task>.sock (the layout Go deployments use).
         */
        private Path socketDir;

        /**
         * How many tasks run at once.
         */
        private int maxConcurrency = 16;

        /**
         * How many responses are delivered to their hooks at once, apart from the tasks, so that a slow hook holds
         * up no task. Defaults to max-concurrency, and at least 4.
         */
        private Integer deliveryConcurrency;

        /**
         * How long a provider remembers the id of a request it accepted, to ack a retry of it without running the
         * task again. Zero turns duplicate detection off.
         */
        private Duration duplicateWindow = Provider.DEFAULT_DUPLICATE_WINDOW;

        /**
         * How many request ids the duplicate window holds at most; the oldest go first. Zero turns duplicate
         * detection off.
         */
        private int duplicateWindowSize = Provider.DEFAULT_DUPLICATE_WINDOW_IDS;

        /**
         * How long shutdown waits for tasks in flight.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /**
         * @return the value of {@code acomm.provider.delivery-concurrency}
         */
        public Integer getDeliveryConcurrency() {
            return this.deliveryConcurrency;
        }

        /**
         * @param deliveryConcurrency the value of {@code acomm.provider.delivery-concurrency}
         */
        public void setDeliveryConcurrency(Integer deliveryConcurrency) {
            this.deliveryConcurrency = deliveryConcurrency;
        }

        /**
         * @return the value of {@code acomm.provider.duplicate-window}
         */
        public Duration getDuplicateWindow() {
            return this.duplicateWindow;
        }

        /**
         * @param duplicateWindow the value of {@code acomm.provider.duplicate-window}
         */
        public void setDuplicateWindow(Duration duplicateWindow) {
            this.duplicateWindow = duplicateWindow;
        }

        /**
         * @return the value of {@code acomm.provider.duplicate-window-size}
         */
        public int getDuplicateWindowSize() {
            return this.duplicateWindowSize;
        }

        /**
         * @param duplicateWindowSize the value of {@code acomm.provider.duplicate-window-size}
         */
        public void setDuplicateWindowSize(int duplicateWindowSize) {
            this.duplicateWindowSize = duplicateWindowSize;
        }

        /**
         * @return the value of {@code acomm.provider.socket-path}
         */
        public Path getSocketPath() {
            return this.socketPath;
        }

        /**
         * @param socketPath the value of {@code acomm.provider.socket-path}
         */
        public void setSocketPath(Path socketPath) {
            this.socketPath = socketPath;
        }

        /**
         * @return the value of {@code acomm.provider.socket-dir}
         */
        public Path getSocketDir() {
            return this.socketDir;
        }

        /**
         * @param socketDir the value of {@code acomm.provider.socket-dir}
         */
        public void setSocketDir(Path socketDir) {
            this.socketDir = socketDir;
        }

        /**
         * @return the value of {@code acomm.provider.max-concurrency}
         */
        public int getMaxConcurrency() {
            return this.maxConcurrency;
        }

        /**
         * @param maxConcurrency the value of {@code acomm.provider.max-concurrency}
         */
        public void setMaxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
        }

        /**
         * @return the value of {@code acomm.provider.shutdown-timeout}
         */
        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        /**
         * @param shutdownTimeout the value of {@code acomm.provider.shutdown-timeout}
         */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }
}
