package io.acomm.observation;

import java.util.Locale;

import io.acomm.TrackerObserver;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import org.jspecify.annotations.Nullable;

/**
 * The observations of acomm, their names and keys. Every {@code acomm.task} key value is bounded: the first 100 task
 * names a tracker observes keep their own value, later ones are {@code other}; a proxied request's task is
 * {@code proxied}, a task a provider does not serve {@code unknown}.
 */
public enum AcommObservation implements ObservationDocumentation {

    /**
     * A request a tracker sends ({@code send}, {@code trackAndSend}, {@code syncRequest}), from the send to the start
     * of its response's handling, or its timeout; a send that fails ends it with the error.
     */
    REQUEST {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAcommRequestObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] { LowCardinalityKeys.TASK, LowCardinalityKeys.OUTCOME, LowCardinalityKeys.SCHEME };
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] { HighCardinalityKeys.REQUEST_ID, HighCardinalityKeys.DESTINATION };
        }
    },

    /**
     * A request a provider serves, from its task's start to the end of its response's delivery; the task runs within
     * it, so that the requests the task sends continue its trace.
     */
    TASK {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAcommTaskObservationConvention.class;
        }
    },

    /**
     * A response a tracker handles, real or its own (a timeout, or the answer given when it stops): the callback it
     * runs, or the forward of a proxied request's response. A child of the request's {@link #REQUEST} observation
     * when the tracker sent the request.
     */
    RESPONSE {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultAcommResponseObservationConvention.class;
        }
    };

    /**
     * @return the task and the outcome, the keys of few values of every observation ({@link #REQUEST} adds the
     *     scheme)
     */
    @Override
    public KeyName[] getLowCardinalityKeyNames() {
        return new KeyName[] { LowCardinalityKeys.TASK, LowCardinalityKeys.OUTCOME };
    }

    /**
     * @return the request's id, the key of many values of every observation ({@link #REQUEST} adds the destination)
     */
    @Override
    public KeyName[] getHighCardinalityKeyNames() {
        return new KeyName[] { HighCardinalityKeys.REQUEST_ID };
    }

    /**
     * The keys of few values, which meters are tagged with.
     */
    public enum LowCardinalityKeys implements KeyName {

        /** The request's task, bounded (see {@link AcommObservation}). */
        TASK {
            @Override
            public String asString() {
                return "acomm.task";
            }
        },

        /**
         * How it ended: {@code success}, {@code error} (an error response, a failed send or task, a stopping tracker)
         * or {@code timeout}; {@code unknown} until it ends.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "acomm.outcome";
            }
        },

        /** The scheme of the destination: {@code unix}, {@code http}, {@code https} or {@code other}. */
        SCHEME {
            @Override
            public String asString() {
                return "acomm.scheme";
            }
        }
    }

    /**
     * The keys of many values, which only traces carry.
     */
    public enum HighCardinalityKeys implements KeyName {

        /** The request's id. */
        REQUEST_ID {
            @Override
            public String asString() {
                return "acomm.request.id";
            }
        },

        /** Where the request was sent. */
        DESTINATION {
            @Override
            public String asString() {
                return "acomm.destination";
            }
        }
    }

    /**
     * @param outcome how a tracked request ended, or {@code null} while it has not
     * @return the {@link LowCardinalityKeys#OUTCOME} value of it
     */
    static String outcomeValue(TrackerObserver.@Nullable Outcome outcome) {
        return outcome == null ? "unknown" : outcome.name().toLowerCase(Locale.ROOT);
    }
}
