/**
 * The Spring Boot auto-configuration of acomm: the {@link io.acomm.Tracker} and {@link io.acomm.Provider} beans and
 * their lifecycles, the {@code acomm.*} properties ({@link io.acomm.spring.boot.AcommProperties}), the
 * {@link io.acomm.spring.boot.AcommTask @AcommTask} and {@link io.acomm.spring.boot.ResponseHandler @ResponseHandler}
 * methods, deliveries to HTTP hooks through Spring's HTTP clients, the HTTP endpoints of a servlet application, and
 * the Actuator health indicator and Micrometer meters.
 */
@NullMarked
package io.acomm.spring.boot;

import org.jspecify.annotations.NullMarked;
