package io.acomm.internal.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.MessageRefusedException;
import io.acomm.ProviderObserver;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.TaskHandler;
import io.acomm.internal.server.MessageHandler;
import io.acomm.internal.util.LogText;
import io.acomm.internal.util.RateLimitedLog;
import io.acomm.internal.util.WorkerPools;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a provider's requests, from intake to delivery, in the order a request takes it: {@code receive}
 * accepts it before its ack (or finds it a duplicate), {@code runOrQueue} runs its task on the listener thread that
 * acked it or queues it for the task pool, {@code runWithPermit} runs it within the task limit, {@code answer} turns
 * what the task did into a response, and {@code deliver} encodes the response and sends it to the request's hook,
 * by way of the {@link DeliveryExecutor}. A request is in flight from its intake until its response was delivered
 * (or its ack failed), so that stopping can wait for the requests in flight. Each task is observed
 * ({@link TaskObservations}) from its start to its response's delivery, and runs within that observation's scope.
 * <p>
 * At DEBUG it logs one line when a request is received, one for its task's outcome and one for its delivery. A task
 * that throws and a response that cannot be delivered are logged at WARN, rate-limited because a peer can cause
 * them; the task's stack trace only at DEBUG.
 */
public final class TaskDispatcher {

    private static final Logger logger = LoggerFactory.getLogger(TaskDispatcher.class);

    private final Map<String, TaskHandler> tasks;
    private final TaskHandler fallback;
    private final List<ProviderObserver> observers;
    private final Sender sender;
    private final TaskObservations observations;
    private final RecentRequestIds recentIds;
    private final int maxConcurrency;
    private final int deliveryConcurrency;
    private final Semaphore taskPermits;
    private final Semaphore listenerWork;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong finishedCount = new AtomicLong();
    private final RateLimitedLog taskFailures = new RateLimitedLog(logger, "failed tasks");
    private final RateLimitedLog deliveryFailures = new RateLimitedLog(logger, "undelivered responses");
    private final Object idleMonitor = new Object();
    private volatile boolean cuttingOff;
    private ExecutorService taskExecutor;
    private DeliveryExecutor deliveries;

    /**
     * @param tasks the handler of each task served, by name
     * @param fallback the handler of requests for any other task
     * @param observers told of every request answered, and of every duplicate ignored
     * @param sender delivers the responses; its JSON encodes them
     * @param observations observe the tasks
     * @param recentIds the window of recently accepted request ids
     * @param maxConcurrency how many tasks run at once (positive)
     * @param deliveryConcurrency how many responses are delivered at once (positive)
     */
    public TaskDispatcher(Map<String, TaskHandler> tasks, TaskHandler fallback, List<ProviderObserver> observers,
            Sender sender, TaskObservations observations, RecentRequestIds recentIds, int maxConcurrency,
            int deliveryConcurrency) {
        this.tasks = Map.copyOf(tasks);
        this.fallback = fallback;
        this.observers = List.copyOf(observers);
        this.sender = sender;
        this.observations = observations;
        this.recentIds = recentIds;
        this.maxConcurrency = maxConcurrency;
        this.deliveryConcurrency = deliveryConcurrency;
        this.taskPermits = new Semaphore(maxConcurrency, true);
        this.listenerWork = new Semaphore(maxConcurrency);
    }

    /**
     * Starts the task pool ({@code acomm-provider-task-N}) and the delivery pool ({@code acomm-provider-delivery-N}),
     * before the first request is received.
     */
    public void start() {
        this.taskExecutor = WorkerPools.newPool("acomm-provider-task-", this.maxConcurrency);
        this.deliveries = new DeliveryExecutor("acomm-provider-delivery-", this.deliveryConcurrency);
    }

    /**
     * Accepts a request on the listener thread that read it, before its ack: remembers its id, counts it in flight
     * and returns the work that runs it once it is acked. A request served on a task's own socket and naming no task
     * gets that socket's task.
     * @param request the decoded request
     * @param socket the path of the socket the request came in on
     * @param socketTask the task of the socket the request came in on, or {@code null} for the socket of every task
     * @return the work to run once the request is acked, or {@code null} for a request whose id was accepted before,
     *     which is acked again but not run again
     * @throws MessageRefusedException if the request has no id or no absolute hook, to refuse it with an error ack
     */
    public MessageHandler.@Nullable Accepted receive(Request request, Path socket, @Nullable String socketTask) {
        try {
            request.validate();
        }
        catch (AcommException ex) {
            throw new MessageRefusedException(ex.getMessage());
        }
        Request served = (socketTask != null && request.task().isEmpty())
                ? request.toBuilder().task(socketTask).build() : request;
        RecentRequestIds.Entry attempt = this.recentIds.receive(request.id());
        if (attempt == null) {
            duplicateIgnored(served);
            return null;
        }
        this.inFlight.incrementAndGet();
        long receivedAt = System.nanoTime();
        return new MessageHandler.Accepted() {
            @Override
            public void run() {
                if (TaskDispatcher.this.recentIds.acked(attempt)) {
                    if (logger.isDebugEnabled()) {
                        logger.debug("acomm request {} (task '{}') received on {}", LogText.oneLine(served.id()),
                                LogText.oneLine(served.task()), socket);
                    }
                    runOrQueue(served, receivedAt);
                }
                else {
                    duplicateIgnored(served);
                    finished();
                }
            }

            @Override
            public void ackFailed() {
                TaskDispatcher.this.recentIds.ackFailed(attempt);
                finished();
            }
        };
    }

    private void duplicateIgnored(Request request) {
        logger.debug("acomm request {} (task '{}') was accepted before: acked again, not run again", request.id(),
                request.task());
        tellObservers(observer -> observer.duplicateIgnored(request));
    }

    /**
     * Runs a task on the listener thread that acked it when a task permit is free, sparing a hand-off between
     * threads; otherwise queues it for the task pool, whose threads take permits in arrival order. Either way no more
     * than {@code maxConcurrency} tasks run at once.
     * <p>
     * A listener thread that ran a task also delivers its response when the response is ready at once and a
     * delivery slot is free, the same thread again. Tasks and such deliveries together hold at most
     * {@code maxConcurrency} listener threads ({@link #listenerWork}), however slow the hooks: the listener's spare
     * threads stay free for acking.
     */
    private void runOrQueue(Request request, long receivedAt) {
        if (this.listenerWork.tryAcquire()) {
            try {
                if (WorkerPools.tryAcquireInTurn(this.taskPermits)) {
                    runWithPermit(request, receivedAt, true);
                    return;
                }
            }
            finally {
                this.listenerWork.release();
            }
        }
        WorkerPools.execute(this.taskExecutor, () -> {
            this.taskPermits.acquireUninterruptibly();
            runWithPermit(request, receivedAt, false);
        });
    }

    /**
     * Runs a task whose permit this thread holds, releases the permit as soon as the task has produced its response
     * (or its future), and has the response delivered: on this thread when {@code deliverHere} and a delivery slot is
     * free, otherwise by the delivery pool. A task pool thread never delivers, so that no hook can keep it from the
     * tasks queued for it.
     */
    private void runWithPermit(Request request, long receivedAt, boolean deliverHere) {
        TaskHandler own = this.tasks.get(request.task());
        boolean known = own != null;
        TaskHandler handler = known ? own : this.fallback;
        TaskObservation observation = this.observations.start(request, known);
        CompletableFuture<Response> answered;
        try {
            answered = observation.scoped(() -> answer(request, handler, observation));
        }
        finally {
            this.taskPermits.release();
        }
        if (answered.isDone()) {
            Response response = answered.join();
            Runnable delivery = () -> deliver(request, response, known, receivedAt, observation);
            if (deliverHere) {
                this.deliveries.deliverNowOrQueue(delivery);
            }
            else {
                this.deliveries.queue(delivery);
            }
        }
        else {
            // a task finishing on a thread of its own is delivered from the delivery pool, not that thread
            answered.thenAccept(response -> this.deliveries.queue(() -> deliver(request, response, known,
                    receivedAt, observation)));
        }
    }

    /**
     * @return the task's response, or an error response for a task that failed
     */
    private CompletableFuture<Response> answer(Request request, TaskHandler handler, TaskObservation observation) {
        long start = System.nanoTime();
        CompletionStage<Response> response;
        try {
            response = Objects.requireNonNull(handler.handle(request), "task handler returned no response");
        }
        catch (Exception | Error ex) {
            response = CompletableFuture.failedFuture(ex);
        }
        return response.toCompletableFuture()
                .handle((answer, failure) -> outcome(request, handler, start, answer, failure, observation));
    }

    /**
     * Turns what a task did into its response, and logs it: a task that threw at WARN (at DEBUG when the provider's
     * stop cut it off), every outcome at DEBUG. The error of a task that threw is as its handler words it; when the
     * handler fails to word it, the failure's own message, and the WARN line tells both failures (the handler's stack
     * trace, suppressed, with the task's at DEBUG). What a task threw is its observation's error.
     */
    private Response outcome(Request request, TaskHandler handler, long start, @Nullable Response answer,
            @Nullable Throwable failure, TaskObservation observation) {
        Response response;
        if (failure == null) {
            response = answer;
        }
        else {
            Throwable cause = unwrap(failure);
            String id = LogText.oneLine(request.id());
            String task = LogText.oneLine(request.task());
            String reason = LogText.oneLine(cause.toString());
            try {
                response = Response.failure(request, handler.errorMessage(request, cause));
            }
            catch (RuntimeException | Error ex) {
                response = Response.failure(request, cause);
                reason += "; its handler failed to word the error: " + LogText.oneLine(ex.toString());
                if (ex != cause) {
                    cause.addSuppressed(ex);
                }
            }
            if (this.cuttingOff) {
                // counted in the provider's stop line already
                logger.debug("acomm task '{}' of request {} was cut off by the provider's stop: {}", task, id, reason);
            }
            else if (logger.isDebugEnabled()) {
                this.taskFailures.warn("acomm task '{}' failed for request {}: {}", task, id, reason, cause);
            }
            else {
                this.taskFailures.warn("acomm task '{}' failed for request {}: {}", task, id, reason);
            }
            observation.taskFailed(cause);
        }
        if (logger.isDebugEnabled()) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (response.isError()) {
                logger.debug("acomm task '{}' of request {} ended with an error in {} ms: {}",
                        LogText.oneLine(request.task()), LogText.oneLine(request.id()), millis,
                        LogText.oneLine(String.valueOf(response.error())));
            }
            else {
                logger.debug("acomm task '{}' of request {} succeeded in {} ms", LogText.oneLine(request.task()),
                        LogText.oneLine(request.id()), millis);
            }
        }
        return response;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private void deliver(Request request, Response response, boolean known, long receivedAt,
            TaskObservation observation) {
        long start = System.nanoTime();
        RuntimeException deliveryFailure = null;
        try {
            this.sender.sendEncoded(request.responseHook(), encode(request, response));
            if (logger.isDebugEnabled()) {
                logger.debug("acomm response to request {} (task '{}') delivered to {} in {} ms",
                        LogText.oneLine(request.id()), LogText.oneLine(request.task()), request.responseHook(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
        catch (RuntimeException ex) {
            deliveryFailure = ex;
            this.deliveryFailures.warn("acomm response to request {} (task '{}') could not be delivered to {} in {} "
                    + "ms: {}", LogText.oneLine(request.id()), LogText.oneLine(request.task()),
                    request.responseHook(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    LogText.oneLine(ex.getMessage()));
        }
        finally {
            Duration duration = Duration.ofNanos(System.nanoTime() - receivedAt);
            tellObservers(observer -> observer.taskCompleted(request, response, known, duration));
            finished();
            observation.ended(response, deliveryFailure);
        }
    }

    /**
     * Encodes a task's response; a result that cannot be encoded is answered with an error naming its type and the
     * reason, so that the caller learns at once what went wrong.
     */
    private byte[] encode(Request request, Response response) {
        AcommJson json = this.sender.json();
        try {
            return json.encode(response);
        }
        catch (AcommException ex) {
            String error = "cannot encode the result of task '" + request.task() + "' ("
                    + response.result().getClass().getName() + "): " + ex.getCause().getMessage();
            logger.warn("acomm request {}: {}", request.id(), LogText.oneLine(error));
            return json.encode(Response.failure(request, error));
        }
    }

    private void tellObservers(Consumer<ProviderObserver> event) {
        for (ProviderObserver observer : this.observers) {
            try {
                event.accept(observer);
            }
            catch (RuntimeException ex) {
                logger.warn("acomm provider observer {} failed: {}", observer, ex.toString());
            }
        }
    }

    private void finished() {
        this.finishedCount.incrementAndGet();
        if (this.inFlight.decrementAndGet() == 0) {
            synchronized (this.idleMonitor) {
                this.idleMonitor.notifyAll();
            }
        }
    }

    /**
     * @return how many requests are being run or delivered
     */
    public int inFlight() {
        return this.inFlight.get();
    }

    /**
     * @return how many requests have left flight since the dispatcher was built: answered, or given up because their
     *     ack failed
     */
    public long finishedCount() {
        return this.finishedCount.get();
    }

    /**
     * Waits until no request is in flight.
     * @param deadline when to give up, on the {@link System#nanoTime()} scale
     * @return whether no request was in flight in time; {@code false} also when interrupted
     */
    public boolean awaitIdle(long deadline) {
        synchronized (this.idleMonitor) {
            while (this.inFlight.get() > 0) {
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (waitMillis <= 0) {
                    return false;
                }
                try {
                    this.idleMonitor.wait(waitMillis);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Ends both pools: lets them run what they hold, or, when {@code cutOff}, interrupts what runs and drops what
     * waits; then waits for their threads to end until the deadline.
     * @param cutOff whether to interrupt the tasks and deliveries left
     * @param deadline when to stop waiting, on the {@link System#nanoTime()} scale
     */
    public void stop(boolean cutOff, long deadline) {
        this.taskExecutor.shutdown();
        this.deliveries.shutdown();
        if (cutOff) {
            abort();
        }
        try {
            this.taskExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.deliveries.awaitTermination(deadline - System.nanoTime());
    }

    /**
     * Ends both pools at once, interrupting what runs and dropping what waits: for a provider that could not start,
     * or one stopping whose requests were not all answered in time.
     */
    public void abort() {
        this.cuttingOff = true;
        this.taskExecutor.shutdownNow();
        this.deliveries.shutdownNow();
    }
}
