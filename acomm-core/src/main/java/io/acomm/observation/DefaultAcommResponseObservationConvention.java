package io.acomm.observation;

import io.acomm.internal.util.TaskTags;
import io.acomm.observation.AcommObservation.HighCardinalityKeys;
import io.acomm.observation.AcommObservation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of the {@link AcommObservation#RESPONSE} observation: the name {@value #NAME},
 * the contextual name {@code response <task>}, the keys of {@link AcommObservation#RESPONSE}. The response to a
 * proxied request is tagged {@code proxied}; each instance bounds the other task names it tags on its own.
 */
public class DefaultAcommResponseObservationConvention implements AcommResponseObservationConvention {

    /** The name of the observation. */
    public static final String NAME = "acomm.response";

    private final TaskTags tasks = new TaskTags(TaskTags.DEFAULT_LIMIT);

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(AcommResponseContext context) {
        return "response " + task(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AcommResponseContext context) {
        return KeyValues.of(LowCardinalityKeys.TASK.withValue(task(context)),
                LowCardinalityKeys.OUTCOME.withValue(AcommObservation.outcomeValue(context.getOutcome())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AcommResponseContext context) {
        return KeyValues.of(HighCardinalityKeys.REQUEST_ID.withValue(String.valueOf(context.getRequest().id())));
    }

    private String task(AcommResponseContext context) {
        return context.isProxied() ? TaskTags.PROXIED : this.tasks.of(context.getRequest().task());
    }
}
