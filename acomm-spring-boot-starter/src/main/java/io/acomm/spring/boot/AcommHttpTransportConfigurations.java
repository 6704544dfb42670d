package io.acomm.spring.boot;

import java.net.http.HttpClient;

import io.acomm.AcommJson;
import io.acomm.Sender;
import io.acomm.Transport;
import io.acomm.transport.HttpTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkHttpClientBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.client.RestClient;

/**
 * The {@code http(s)://} transport of the auto-configured {@link Sender}, imported in this order by
 * {@link AcommAutoConfiguration}: a {@code RestTemplate} or a {@code RestClient} from Boot's builders, as
 * {@code acomm.http.client} selects, and the JDK {@link HttpClient} when the selected builder is not there (as in a
 * reactive application). Each registers the sender customizer {@value #SENDER_CUSTOMIZER}, which backs off for one
 * of the application's of that name, applies {@code acomm.http.connect-timeout}, {@code acomm.http.read-timeout} and
 * the SSL bundle {@code acomm.http.ssl.bundle} names, says at start-up which client delivers, and runs before the
 * application's sender customizers, so that they can replace or decorate the transport.
 */
final class AcommHttpTransportConfigurations {

    /** The name of the sender customizer bean that sets the HTTP transport. */
    static final String SENDER_CUSTOMIZER = "acommHttpSenderCustomizer";

    private static final Logger logger = LoggerFactory.getLogger(AcommHttpTransportConfigurations.class);

    private AcommHttpTransportConfigurations() {
    }

    private static SenderCustomizer httpAndHttps(Transport transport) {
        return builder -> builder.transport("http", transport).transport("https", transport);
    }

    /**
     * @return the SSL bundle that {@code acomm.http.ssl.bundle} names, or {@code null} when it names none
     * @throws IllegalStateException naming the property when there is no such bundle
     */
    private static @Nullable SslBundle sslBundle(AcommProperties.Http http, ObjectProvider<SslBundles> sslBundles) {
        String name = http.getSsl().getBundle();
        if (name == null) {
            return null;
        }
        SslBundles bundles = sslBundles.getIfAvailable();
        if (bundles == null) {
            throw new IllegalStateException("acomm.http.ssl.bundle names the SSL bundle '" + name
                    + "', but the application has no SSL bundles (spring.ssl.bundle.*)");
        }
        try {
            return bundles.getBundle(name);
        }
        catch (NoSuchSslBundleException ex) {
            throw new IllegalStateException("acomm.http.ssl.bundle: " + ex.getMessage(), ex);
        }
    }

    private static void logClient(String client, AcommProperties.Http http) {
        String bundle = http.getSsl().getBundle();
        logger.info("acomm delivers to http(s) hooks with {}: connect timeout {}, read timeout {}, {}", client,
                http.getConnectTimeout(), http.getReadTimeout(),
                bundle == null ? "no acomm.http.ssl.bundle" : "SSL bundle '" + bundle + "'");
    }

    /**
     * Delivers with a {@code RestTemplate} from Boot's {@link RestTemplateBuilder}: the application's
     * {@code RestTemplateCustomizer}s and {@code spring.http.clients.*} settings (TLS bundle, redirects) apply, with
     * acomm's timeouts.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(RestTemplateBuilder.class)
    @Conditional(AcommHttpClientCondition.RestTemplateSelected.class)
    static class RestTemplateTransportConfiguration {

        @Bean(SENDER_CUSTOMIZER)
        @ConditionalOnMissingBean(name = SENDER_CUSTOMIZER)
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SenderCustomizer acommHttpSenderCustomizer(RestTemplateBuilder restTemplateBuilder,
                ObjectProvider<SslBundles> sslBundles, AcommJson json, AcommProperties properties) {
            AcommProperties.Http http = properties.getHttp();
            RestTemplateBuilder builder = restTemplateBuilder.connectTimeout(http.getConnectTimeout())
                    .readTimeout(http.getReadTimeout());
            SslBundle bundle = sslBundle(http, sslBundles);
            if (bundle != null) {
                builder = builder.sslBundle(bundle);
            }
            logClient("a RestTemplate (acomm.http.client=rest-template)", http);
            return httpAndHttps(new RestTemplateTransport(builder.build(), json));
        }
    }

    /**
     * Delivers with a {@code RestClient} from Boot's {@link RestClient.Builder}: the application's
     * {@code RestClientCustomizer}s apply, and the request factory is built as Boot builds it, from its
     * {@link ClientHttpRequestFactoryBuilder} and {@link HttpClientSettings} ({@code spring.http.clients.*}: TLS
     * bundle, redirects), with acomm's timeouts. It replaces a request factory a customizer set; the builder, which
     * may be one the application shares, is cloned, never changed.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(RestClient.Builder.class)
    @Conditional(AcommHttpClientCondition.RestClientSelected.class)
    static class RestClientTransportConfiguration {

        @Bean(SENDER_CUSTOMIZER)
        @ConditionalOnMissingBean(name = SENDER_CUSTOMIZER)
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SenderCustomizer acommHttpSenderCustomizer(RestClient.Builder restClientBuilder,
                ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
                ObjectProvider<HttpClientSettings> clientSettings, ObjectProvider<SslBundles> sslBundles,
                ResourceLoader resourceLoader, AcommJson json, AcommProperties properties) {
            AcommProperties.Http http = properties.getHttp();
            HttpClientSettings settings = clientSettings.getIfAvailable(HttpClientSettings::defaults)
                    .withTimeouts(http.getConnectTimeout(), http.getReadTimeout());
            SslBundle bundle = sslBundle(http, sslBundles);
            if (bundle != null) {
                settings = settings.withSslBundle(bundle);
            }
            logClient("a RestClient (acomm.http.client=rest-client)", http);
            ClientHttpRequestFactoryBuilder<?> factoryBuilder = requestFactoryBuilder
                    .getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader()));
            RestClient restClient = restClientBuilder.clone().requestFactory(factoryBuilder.build(settings)).build();
            return httpAndHttps(new RestClientTransport(restClient, json));
        }
    }

    /**
     * Delivers with the JDK {@link HttpClient} when Boot's builder for the selected client is not there. The client
     * is built as Boot builds one, from the application's {@link HttpClientSettings} ({@code spring.http.clients.*}:
     * TLS bundle, redirects), with acomm's timeouts and SSL bundle.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(name = SENDER_CUSTOMIZER)
    static class JdkTransportConfiguration {

        @Bean(SENDER_CUSTOMIZER)
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SenderCustomizer acommHttpSenderCustomizer(ObjectProvider<HttpClientSettings> clientSettings,
                ObjectProvider<SslBundles> sslBundles, AcommJson json, AcommProperties properties) {
            AcommProperties.Http http = properties.getHttp();
            // the JDK client has no read timeout of its own: the transport bounds each request by it
            HttpClientSettings settings = clientSettings.getIfAvailable(HttpClientSettings::defaults)
                    .withTimeouts(http.getConnectTimeout(), null);
            SslBundle bundle = sslBundle(http, sslBundles);
            if (bundle != null) {
                settings = settings.withSslBundle(bundle);
            }
            logClient("the JDK HttpClient (there is no Spring Boot builder for acomm.http.client=" + http.getClient()
                    + ")", http);
            HttpClient client = new JdkHttpClientBuilder().build(settings);
            return httpAndHttps(new HttpTransport(json, client, http.getReadTimeout()));
        }
    }
}
