package io.acomm.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a start-up that failed on an {@link AcommSocketException}: a description naming the property, its value
 * and the reason, and the action that says what to change.
 */
public class AcommSocketFailureAnalyzer extends AbstractFailureAnalyzer<AcommSocketException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AcommSocketException cause) {
        return new FailureAnalysis("acomm cannot use the socket location that " + cause.property() + " gives ("
                + cause.value() + "): " + cause.reason() + ".", cause.action(), cause);
    }
}
