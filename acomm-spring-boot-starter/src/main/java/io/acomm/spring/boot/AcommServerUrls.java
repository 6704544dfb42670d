package io.acomm.spring.boot;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The URLs of the acomm HTTP endpoints as remote hosts reach them, derived from the web server once it knows its
 * port: {@code http(s)://<server.address or host name>:<port><context path><acomm.http.base-path><endpoint>}, where
 * the context path is {@code server.servlet.context-path} in a servlet application and {@code spring.webflux.base-path}
 * in a reactive one.
 */
public class AcommServerUrls implements ApplicationListener<WebServerInitializedEvent> {

    private final Environment environment;
    private final String basePath;
    private volatile URI base;

    /**
     * @param environment gives {@code server.address} and the context path
     * @param basePath {@code acomm.http.base-path}
     */
    public AcommServerUrls(Environment environment, String basePath) {
        this.environment = environment;
        this.basePath = basePath;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        String scheme = this.environment.getProperty("server.ssl.enabled", Boolean.class, false) ? "https" : "http";
        String contextPath = this.environment.getProperty(
                event.getApplicationContext() instanceof ReactiveWebApplicationContext ? "spring.webflux.base-path"
                        : "server.servlet.context-path", "");
        this.base = URI.create(scheme + "://" + host() + ":" + event.getWebServer().getPort() + contextPath
                + this.basePath);
    }

    private String host() {
        String address = this.environment.getProperty("server.address");
        if (address != null && !address.isBlank() && !address.equals("0.0.0.0") && !address.equals("::")) {
            return address.contains(":") ? "[" + address + "]" : address;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "localhost";
        }
    }

    /**
     * @return the stream endpoint's URL, or {@code null} before the web server has started
     */
    public @Nullable URI streamUrl() {
        return resolve("/stream");
    }

    /**
     * @return the responses endpoint's URL, or {@code null} before the web server has started
     */
    public @Nullable URI responsesUrl() {
        return resolve("/responses");
    }

    private URI resolve(String endpoint) {
        URI current = this.base;
        return current == null ? null : URI.create(current + endpoint);
    }
}
