/**
 * Spring test support: {@link io.acomm.testing.spring.AutoConfigureAcommTest} gives each test application context
 * a socket directory of its own, and optionally a {@link io.acomm.testing.StubProvider} bean.
 */
@NullMarked
package io.acomm.testing.spring;

import org.jspecify.annotations.NullMarked;
