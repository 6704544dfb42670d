package io.acomm.spring.boot;

import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleTracer;

/**
 * The W3C {@code traceparent} propagation Micrometer's {@link SimpleTracer} lacks, as Brave's and OpenTelemetry's
 * propagators do it: a span's trace and span id go out as {@code 00-<trace id>-<span id>-01}, and a span extracted
 * from one has the sender's span as its parent.
 */
final class SimpleW3cPropagator implements Propagator {

    private static final String TRACEPARENT = "traceparent";

    private final SimpleTracer tracer;

    SimpleW3cPropagator(SimpleTracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public List<String> fields() {
        return List.of(TRACEPARENT);
    }

    @Override
    public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
        setter.set(carrier, TRACEPARENT, "00-" + context.traceId() + "-" + context.spanId() + "-01");
    }

    @Override
    public <C> Span.Builder extract(C carrier, Getter<C> getter) {
        String traceParent = getter.get(carrier, TRACEPARENT);
        Span.Builder span = this.tracer.spanBuilder();
        if (traceParent == null) {
            return span;
        }
        String[] parts = traceParent.split("-");
        return span.setParent(this.tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2]).sampled(true)
                .build());
    }
}
