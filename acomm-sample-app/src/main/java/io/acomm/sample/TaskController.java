package io.acomm.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.acomm.AcommException;
import io.acomm.AcommOperations;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseTimeoutException;
import io.acomm.SendException;
import io.acomm.Streams;
import io.acomm.sample.SampleTasks.SumArgs;
import io.acomm.sample.SampleTasks.SumResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The sample's HTTP API: calls a task through the tracker and waits for its response
 * ({@code POST /api/tasks/{task}}), sums numbers with the typed future of {@code sum}'s result
 * ({@code POST /api/sum}), or sends a request and lets the {@code @ResponseHandler} of {@link AsyncOutcomes} take
 * the response ({@code POST /api/async/{task}}, then {@code GET /api/async/{id}}). A timeout is answered with 504;
 * an error response, a failed send or a result that cannot be converted with 502.
 */
@RestController
@RequestMapping("/api")
public class TaskController {

    private final AcommOperations acomm;
    private final JsonMapper jsonMapper;
    private final SampleProperties properties;
    private final AsyncOutcomes outcomes;

    public TaskController(AcommOperations acomm, JsonMapper jsonMapper, SampleProperties properties,
            AsyncOutcomes outcomes) {
        this.acomm = acomm;
        this.jsonMapper = jsonMapper;
        this.properties = properties;
        this.outcomes = outcomes;
    }

    /**
     * Sends a request and answers with its response: 200 with the result JSON (or the streamed bytes of a stream
     * result), 502 with the error of an error response, 504 on timeout, 400 for malformed args.
     */
    @PostMapping("/tasks/{task}")
    public ResponseEntity<?> call(@PathVariable String task, @RequestBody(required = false) String body,
            @RequestParam(required = false) String dest, @RequestParam(defaultValue = "5000") long timeoutMs)
            throws IOException {
        Response response = this.acomm.syncRequest(destination(dest), task, parseArgs(body), timeout(timeoutMs));
        if (response.streamUrl() != null) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .body(new InputStreamResource(Streams.open(response.streamUrl())));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response.rawResult());
    }

    /**
     * Sums numbers with the {@code sum} task, its result converted to a {@link SumResult}, without holding a
     * request thread while it runs: 200 with the sum, 502 or 504 as above.
     */
    @PostMapping("/sum")
    public CompletableFuture<SumResult> sum(@RequestBody SumArgs args, @RequestParam(required = false) String dest,
            @RequestParam(defaultValue = "5000") long timeoutMs) {
        return this.acomm.request(destination(dest), "sum", args, SumResult.class, timeout(timeoutMs));
    }

    /**
     * Sends a request without waiting: 202 with its id; the response is taken by a {@code @ResponseHandler}.
     */
    @PostMapping("/async/{task}")
    public ResponseEntity<?> send(@PathVariable String task, @RequestBody(required = false) String body,
            @RequestParam(required = false) String dest, @RequestParam(defaultValue = "5000") long timeoutMs) {
        Request request = Request.builder().task(task).args(parseArgs(body)).build();
        this.outcomes.pending(request);
        try {
            this.acomm.trackAndSend(destination(dest), request, timeout(timeoutMs));
        }
        catch (SendException ex) {
            this.outcomes.forget(request);
            return error(HttpStatus.BAD_GATEWAY, ex.getMessage());
        }
        return ResponseEntity.accepted().body(Map.of("id", request.id()));
    }

    /**
     * @return {@code {"status":"pending"}} until the response came, then its outcome; 404 for an unknown id
     */
    @GetMapping("/async/{id}")
    public ResponseEntity<?> outcome(@PathVariable String id) {
        AsyncOutcomes.Outcome outcome = this.outcomes.get(id);
        if (outcome == null) {
            return error(HttpStatus.NOT_FOUND, "no request with id " + id);
        }
        return ResponseEntity.ok(outcome);
    }

    private JsonNode parseArgs(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return this.jsonMapper.readTree(body);
        }
        catch (JacksonException ex) {
            throw new BadRequestException("malformed args: " + ex.getOriginalMessage());
        }
    }

    private URI destination(String dest) {
        if (dest == null || dest.isBlank()) {
            return this.properties.providerUrl();
        }
        try {
            URI uri = new URI(dest);
            if (!uri.isAbsolute()) {
                throw new BadRequestException("dest must be an absolute URL: " + dest);
            }
            return uri;
        }
        catch (URISyntaxException ex) {
            throw new BadRequestException("invalid dest: " + ex.getMessage());
        }
    }

    private static Duration timeout(long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new BadRequestException("timeoutMs must be positive: " + timeoutMs);
        }
        return Duration.ofMillis(timeoutMs);
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }

    @ExceptionHandler(ResponseTimeoutException.class)
    ResponseEntity<Map<String, String>> timedOut(ResponseTimeoutException ex) {
        return error(HttpStatus.GATEWAY_TIMEOUT, ex.getMessage());
    }

    /**
     * An error response, a failed send, or a result that is not what the caller converts it to.
     */
    @ExceptionHandler(AcommException.class)
    ResponseEntity<Map<String, String>> failed(AcommException ex) {
        return error(HttpStatus.BAD_GATEWAY, ex.getMessage());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, String>> badRequest(BadRequestException ex) {
        return error(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> badParameter(MethodArgumentTypeMismatchException ex) {
        return error(HttpStatus.BAD_REQUEST, ex.getName() + " must be a " + ex.getRequiredType().getSimpleName()
                + ": " + ex.getValue());
    }

    /** A call the API refuses with 400. */
    static final class BadRequestException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }

    @ExceptionHandler(IOException.class)
    ResponseEntity<Map<String, String>> streamFailure(IOException ex) {
        return error(HttpStatus.BAD_GATEWAY, ex.getMessage());
    }
}
