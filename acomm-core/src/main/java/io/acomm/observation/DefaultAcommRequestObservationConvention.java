package io.acomm.observation;

import java.util.Locale;

import io.acomm.internal.util.TaskTags;
import io.acomm.observation.AcommObservation.HighCardinalityKeys;
import io.acomm.observation.AcommObservation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of the {@link AcommObservation#REQUEST} observation: the name
 * {@value #NAME}, the contextual name {@code send <task>}, the keys of {@link AcommObservation#REQUEST}. Each
 * instance bounds the task names it tags on its own.
 */
public class DefaultAcommRequestObservationConvention implements AcommRequestObservationConvention {

    /** The name of the observation. */
    public static final String NAME = "acomm.request";

    private final TaskTags tasks = new TaskTags(TaskTags.DEFAULT_LIMIT);

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(AcommRequestContext context) {
        return "send " + this.tasks.of(context.getRequest().task());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AcommRequestContext context) {
        return KeyValues.of(LowCardinalityKeys.TASK.withValue(this.tasks.of(context.getRequest().task())),
                LowCardinalityKeys.OUTCOME.withValue(AcommObservation.outcomeValue(context.getOutcome())),
                LowCardinalityKeys.SCHEME.withValue(scheme(context)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AcommRequestContext context) {
        return KeyValues.of(HighCardinalityKeys.REQUEST_ID.withValue(String.valueOf(context.getRequest().id())),
                HighCardinalityKeys.DESTINATION.withValue(context.getDestination().toString()));
    }

    private static String scheme(AcommRequestContext context) {
        String scheme = String.valueOf(context.getDestination().getScheme()).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix", "http", "https" -> scheme;
            default -> "other";
        };
    }
}
