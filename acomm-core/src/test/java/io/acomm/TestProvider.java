package io.acomm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A minimal acomm provider for tests: a real unix listener that acks each request and then sends the response
 * computed by a function to the request's hook.
 */
final class TestProvider implements AutoCloseable {

    private final UnixListener listener;
    private final ExecutorService work = Executors.newFixedThreadPool(4);

    private TestProvider(Path socketPath, Function<Request, Response> answer) throws IOException {
        this.listener = UnixListener.builder(socketPath).name("test-provider").build();
        this.listener.start(FrameReceiver.forRequests(FrameCodec.defaults(), AcommJson.defaults(), request -> {
            request.validate();
            return () -> {
                Response response = answer.apply(request);
                if (response != null) {
                    request.respond(response);
                }
            };
        }, this.work));
    }

    static TestProvider start(Path socketPath, Function<Request, Response> answer) throws IOException {
        return new TestProvider(socketPath, answer);
    }

    /**
     * A provider that answers every request with its own args as the result.
     */
    static TestProvider echo(Path socketPath) throws IOException {
        return start(socketPath, request -> Response.success(request, request.rawArgs()));
    }

    URI url() {
        return this.listener.url();
    }

    @Override
    public void close() {
        this.listener.stop(Duration.ofSeconds(5));
        this.work.shutdownNow();
    }
}
