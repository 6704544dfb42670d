package io.acomm.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.acomm.AcommJson;
import io.acomm.SendException;
import io.acomm.Transport;
import io.acomm.internal.util.Timeouts;

/**
 * The {@code http://} and {@code https://} transport on the JDK {@link HttpClient}: POSTs the JSON and checks the
 * ack in the response body. A 2xx status with an empty body counts as accepted.
 */
public final class HttpTransport implements Transport {

    /** The default time allowed for one POST: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final AcommJson json;
    private final HttpClient client;
    private final Duration requestTimeout;

    /**
     * @param json decodes the acks
     * @param client the client to post with
     * @param requestTimeout the time allowed for one POST
     */
    public HttpTransport(AcommJson json, HttpClient client, Duration requestTimeout) {
        this.json = json;
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /**
     * @param json decodes the acks
     * @return a transport on a new client with a 10 second connect timeout and the default request timeout
     */
    public static HttpTransport create(AcommJson json) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new HttpTransport(json, client, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Delivers a message within the request timeout.
     */
    @Override
    public void send(URI destination, byte[] message) {
        post(destination, message, this.requestTimeout);
    }

    /**
     * Delivers a message within the smaller of the timeout and the request timeout.
     * @throws IllegalArgumentException if the timeout is not positive
     */
    @Override
    public void send(URI destination, byte[] message, Duration timeout) {
        post(destination, message, Timeouts.smaller(timeout, this.requestTimeout));
    }

    private void post(URI destination, byte[] message, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(destination)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SendException(destination, "interrupted", ex);
        }
        catch (IOException ex) {
            throw new SendException(destination, ex.toString(), ex);
        }
        HttpAck.check(this.json, destination, response.statusCode(), response.body());
    }
}
