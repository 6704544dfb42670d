package io.acomm.observation;

import io.acomm.Response;
import io.acomm.internal.util.TaskTags;
import io.acomm.observation.AcommObservation.HighCardinalityKeys;
import io.acomm.observation.AcommObservation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of the {@link AcommObservation#TASK} observation: the name {@value #NAME}, the
 * contextual name {@code serve <task>}, the keys of {@link AcommObservation#TASK}. A task the provider does not serve
 * is tagged {@code unknown}, so the task values are the provider's own tasks.
 */
public class DefaultAcommTaskObservationConvention implements AcommTaskObservationConvention {

    /** The name of the observation. */
    public static final String NAME = "acomm.task";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(AcommTaskContext context) {
        return "serve " + task(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AcommTaskContext context) {
        Response response = context.getResponse();
        String outcome = response == null ? "unknown" : (response.isError() ? "error" : "success");
        return KeyValues.of(LowCardinalityKeys.TASK.withValue(task(context)),
                LowCardinalityKeys.OUTCOME.withValue(outcome));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AcommTaskContext context) {
        return KeyValues.of(HighCardinalityKeys.REQUEST_ID.withValue(String.valueOf(context.getRequest().id())));
    }

    private static String task(AcommTaskContext context) {
        return context.isKnownTask() ? context.getRequest().task() : TaskTags.UNKNOWN;
    }
}
