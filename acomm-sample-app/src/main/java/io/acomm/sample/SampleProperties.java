package io.acomm.sample;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample application, bound to {@code sample.*}.
 *
 * @param providerUrl where requests go unless a call names another destination
 */
@ConfigurationProperties(prefix = "sample")
public record SampleProperties(URI providerUrl) {
}
