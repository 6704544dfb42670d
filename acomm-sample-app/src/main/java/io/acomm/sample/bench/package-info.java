/**
 * The sample's {@code bench} command: round trips, tracking, HTTP, stalled peers, bursts and maximum frames, each
 * figure compared only with figures measured in the same run.
 */
@NullMarked
package io.acomm.sample.bench;

import org.jspecify.annotations.NullMarked;
