package io.acomm.sample.bench;

/**
 * One round trip of a benchmark: sends a request and returns once its response was handled.
 */
@FunctionalInterface
interface RoundTrip {

    /**
     * @param caller the index of the calling thread, from 0 to the number in flight
     */
    void run(int caller) throws Exception;
}
