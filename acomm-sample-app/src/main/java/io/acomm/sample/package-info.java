/**
 * The sample application: a Spring Boot app that serves a few tasks with {@code @AcommTask}, calls them through its
 * own tracker, and shows the whole round trip over a small HTTP API.
 */
package io.acomm.sample;
