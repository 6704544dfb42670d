/**
 * The parts of a {@link io.acomm.Tracker}: the timing wheel on which tracked requests time out. Internal: no
 * compatibility promise.
 */
package io.acomm.internal.tracker;
