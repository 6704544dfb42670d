package io.acomm.spring.boot;

import java.nio.file.Path;

import io.acomm.AcommJson;
import io.acomm.AcommOperations;
import io.acomm.EndpointBuilder;
import io.acomm.FrameCodec;
import io.acomm.Provider;
import io.acomm.ProviderBuilder;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.TrackerBuilder;
import io.acomm.UnixStreams;
import io.acomm.internal.server.SocketPermissions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Fallback;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Auto-configures acomm: the wire JSON, the frame codec, the {@link Sender} (whose HTTP transport
 * {@link AcommHttpTransportConfigurations} sets), a {@link Tracker} that starts and stops with the application
 * context and that the application injects as its {@link AcommOperations}, the {@code @ResponseHandler} methods, a
 * {@link Provider} serving the {@code @AcommTask} methods, and the {@link UnixStreams} both open their streams on,
 * which stop after both.
 * Every bean backs off when the application defines its own; {@code acomm.enabled=false} turns it all off.
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, RestTemplateAutoConfiguration.class,
        RestClientAutoConfiguration.class })
@ConditionalOnProperty(prefix = "acomm", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AcommProperties.class)
@Import({ AcommHttpTransportConfigurations.RestTemplateTransportConfiguration.class,
        AcommHttpTransportConfigurations.RestClientTransportConfiguration.class,
        AcommHttpTransportConfigurations.JdkTransportConfiguration.class })
public class AcommAutoConfiguration {

    /**
     * The wire JSON, derived from the application's {@code JsonMapper} when there is exactly one: its modules and
     * settings apply to arguments and results, the protocol's wire settings win, and the application's mapper is
     * left unchanged.
     * @param jsonMapper the application's mappers
     * @param properties the {@code acomm.*} properties
     * @return the wire JSON
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommJson acommJson(ObjectProvider<JsonMapper> jsonMapper, AcommProperties properties) {
        JsonMapper applicationMapper = jsonMapper.getIfUnique();
        return applicationMapper != null
                ? AcommJson.derivedFrom(applicationMapper, properties.getWire().getUrlFormat())
                : AcommJson.create(properties.getWire().getUrlFormat());
    }

    /**
     * The framing of unix messages, limited by {@code acomm.unix.max-frame-size} and {@code read-timeout}.
     * @param properties the {@code acomm.*} properties
     * @return the frame codec
     */
    @Bean
    @ConditionalOnMissingBean
    public FrameCodec acommFrameCodec(AcommProperties properties) {
        return new FrameCodec((int) properties.getUnix().getMaxFrameSize().toBytes(),
                properties.getUnix().getReadTimeout());
    }

    /**
     * The sender of every message, with the unix send timeout and the {@link SenderCustomizer}s applied.
     * @param properties the {@code acomm.*} properties
     * @param json the wire JSON
     * @param codec the frame codec
     * @param customizers adjust the sender's builder, in order
     * @return the sender
     */
    @Bean
    @ConditionalOnMissingBean
    public Sender acommSender(AcommProperties properties, AcommJson json, FrameCodec codec,
            ObjectProvider<SenderCustomizer> customizers) {
        Sender.Builder builder = Sender.builder().json(json).codec(codec)
                .unixSendTimeout(properties.getUnix().getSendTimeout());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * @return the registry of the {@link ResponseHandler} methods
     */
    @Bean
    @ConditionalOnMissingBean
    public ResponseHandlerRegistry acommResponseHandlerRegistry() {
        return new ResponseHandlerRegistry();
    }

    /**
     * @return the registry of the {@link AcommTask} methods
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommTaskRegistry acommTaskRegistry() {
        return new AcommTaskRegistry();
    }

    /**
     * @return the error handler of the {@link AcommTask} methods: the exception's message
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommTaskErrorHandler acommTaskErrorHandler() {
        return AcommTaskErrorHandler.exceptionMessage();
    }

    /**
     * Finds the {@link ResponseHandler} and {@link AcommTask} methods once all singletons exist.
     * @param responseHandlers receives the response handler methods
     * @param tasks receives the task methods
     * @param json converts args and results
     * @param streams serve the streams that task methods return
     * @return the method processor
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommMethodProcessor acommMethodProcessor(ResponseHandlerRegistry responseHandlers,
            AcommTaskRegistry tasks, AcommJson json, UnixStreams streams) {
        return new AcommMethodProcessor(responseHandlers, tasks, json, streams);
    }

    /**
     * Where the sockets go, checked before the web server starts; without configured locations, a directory of
     * this application instance's own.
     * @param properties the {@code acomm.*} properties
     * @param environment gives {@code spring.application.name}
     * @return the socket locations
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommSocketLocations acommSocketLocations(AcommProperties properties, Environment environment) {
        return new AcommSocketLocations(properties, environment.getProperty("spring.application.name"));
    }

    /**
     * The provider of the {@link AcommTask} methods, built at start if there is any task, with the
     * {@link ProviderCustomizer}s applied.
     * @param properties the {@code acomm.*} properties
     * @param locations where the provider's sockets go
     * @param tasks the task methods
     * @param sender delivers the responses
     * @param codec the frame codec
     * @param customizers adjust the provider's builder, in order
     * @return the provider's lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public ProviderLifecycle acommProviderLifecycle(AcommProperties properties, AcommSocketLocations locations,
            AcommTaskRegistry tasks, Sender sender, FrameCodec codec, ObjectProvider<ProviderCustomizer> customizers) {
        AcommProperties.ProviderProperties provider = properties.getProvider();
        return new ProviderLifecycle(() -> {
            ProviderBuilder builder = endpointSettings(Provider.builder(), properties.getUnix(), sender, codec)
                    .maxConcurrency(provider.getMaxConcurrency())
                    .duplicateWindow(provider.getDuplicateWindowSize(), provider.getDuplicateWindow())
                    .taskSocketDir(locations.providerSocketDir())
                    .socketPath(locations.providerSocketPath());
            if (provider.getDeliveryConcurrency() != null) {
                builder.deliveryConcurrency(provider.getDeliveryConcurrency());
            }
            tasks.tasks().forEach(builder::task);
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder.hasTasks() ? builder : null;
        }, locations::checkTaskSockets, provider.getShutdownTimeout());
    }

    /**
     * Applies what the tracker and the provider share: the sender, the codec and the {@code acomm.unix.*} settings
     * of their sockets.
     */
    private static <B extends EndpointBuilder<B>> B endpointSettings(B builder, AcommProperties.Unix unix,
            Sender sender, FrameCodec codec) {
        builder.sender(sender)
                .codec(codec)
                .socketPermissions(SocketPermissions.parse(unix.getSocketPermissions()))
                .peerFilter(unix.peerFilter())
                .maxConnections(unix.getMaxConnections())
                .readBudget(unix.getReadBudget().toBytes());
        if (unix.getBacklog() != null) {
            builder.backlog(unix.getBacklog());
        }
        return builder;
    }

    /**
     * The one-shot unix streams of the tracker and of the tasks that return streams, in the tracker's socket
     * directory, waiting for their reader as long as the tracker waits for a response.
     * @param properties the {@code acomm.*} properties
     * @param locations gives the tracker's socket directory
     * @return the unix streams, started by {@link UnixStreamsLifecycle}
     */
    @Bean
    @ConditionalOnMissingBean
    public UnixStreams acommUnixStreams(AcommProperties properties, AcommSocketLocations locations) {
        AcommProperties.TrackerProperties tracker = properties.getTracker();
        AcommProperties.Unix unix = properties.getUnix();
        return UnixStreams.builder()
                .dir(locations.trackerSocketDir())
                .socketPermissions(SocketPermissions.parse(unix.getSocketPermissions()))
                .peerFilter(unix.peerFilter())
                .writeIdle(unix.getReadTimeout())
                .readerTimeout(tracker.getDefaultTimeout())
                .build();
    }

    /**
     * @param streams the unix streams
     * @return the lifecycle that starts the unix streams first and stops them last
     */
    @Bean
    @ConditionalOnMissingBean
    public UnixStreamsLifecycle acommUnixStreamsLifecycle(UnixStreams streams) {
        return new UnixStreamsLifecycle(streams);
    }

    /**
     * The tracker, with the {@link ResponseHandler} methods for responses without callbacks and the
     * {@link TrackerCustomizer}s applied. It is a fallback bean: where the application defines an
     * {@link AcommOperations} of its own, that one is injected as {@link AcommOperations}.
     * @param properties the {@code acomm.*} properties
     * @param locations where the tracker's socket goes
     * @param sender sends requests and forwards responses
     * @param codec the frame codec
     * @param streams the unix streams
     * @param responseHandlers the response handler methods
     * @param customizers adjust the tracker's builder, in order
     * @return the tracker, started by {@link TrackerLifecycle}
     */
    @Bean
    @Fallback
    @ConditionalOnMissingBean
    public Tracker acommTracker(AcommProperties properties, AcommSocketLocations locations, Sender sender,
            FrameCodec codec, UnixStreams streams, ResponseHandlerRegistry responseHandlers,
            ObjectProvider<TrackerCustomizer> customizers) {
        AcommProperties.TrackerProperties tracker = properties.getTracker();
        TrackerBuilder builder = endpointSettings(Tracker.builder(), properties.getUnix(), sender, codec)
                .streams(streams)
                .defaultTimeout(tracker.getDefaultTimeout())
                .httpStreamUrl(tracker.getHttpStreamUrl())
                .externalProxyUrl(tracker.getExternalProxyUrl())
                .fallbackCallback(responseHandlers);
        if (tracker.getListenerConcurrency() != null) {
            builder.listenerConcurrency(tracker.getListenerConcurrency());
        }
        Path socketPath = locations.trackerSocketPath();
        if (socketPath != null) {
            builder.socketPath(socketPath);
        }
        else {
            builder.socketDir(locations.trackerSocketDir());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * The tracker as the {@link AcommOperations} the application injects: the same instance, under a bean of its own
     * so that a test can replace it ({@code @MockitoBean AcommOperations}) while acomm's own beans keep the real
     * tracker. It is made by a {@link FactoryBean} so that it is no second {@link Tracker} bean. Backs off when the
     * application defines an {@link AcommOperations} that is no {@link Tracker}.
     * @param tracker the tracker
     * @return the factory of the application's {@link AcommOperations}: the tracker
     */
    @Bean
    @Primary
    @ConditionalOnBean(Tracker.class)
    @ConditionalOnMissingBean(value = AcommOperations.class, ignored = Tracker.class)
    public FactoryBean<AcommOperations> acommOperations(ObjectProvider<Tracker> tracker) {
        return new FactoryBean<>() {
            @Override
            public AcommOperations getObject() {
                return tracker.getObject();
            }

            @Override
            public Class<?> getObjectType() {
                return AcommOperations.class;
            }
        };
    }

    /**
     * @param tracker the tracker
     * @param properties the {@code acomm.*} properties
     * @return the lifecycle that starts the tracker's listener and drains it on shutdown
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(Tracker.class)
    public TrackerLifecycle acommTrackerLifecycle(Tracker tracker, AcommProperties properties) {
        return new TrackerLifecycle(tracker, properties.getTracker().getShutdownTimeout());
    }

    /**
     * @param tracker the tracker, if there is one
     * @param provider the provider's lifecycle, if there is one
     * @return the lifecycle that keeps the JVM running while acomm listens
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommKeepAlive acommKeepAlive(ObjectProvider<Tracker> tracker, ObjectProvider<ProviderLifecycle> provider) {
        return new AcommKeepAlive(tracker, provider);
    }
}
