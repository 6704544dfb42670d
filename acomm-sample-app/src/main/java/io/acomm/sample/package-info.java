/**
 * The sample application: a Spring Boot app that serves a few tasks with {@code @AcommTask}, calls them through its
 * own tracker, and shows the whole round trip over a small HTTP API.
 */
@NullMarked
package io.acomm.sample;

import org.jspecify.annotations.NullMarked;
