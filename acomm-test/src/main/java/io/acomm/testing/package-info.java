/**
 * Testing code that uses acomm, without Spring: {@link io.acomm.testing.StubProvider}, a real provider on a Unix
 * socket that answers what a test tells it to and records what it receives; the JUnit 5 extension
 * {@link io.acomm.testing.AcommExtension} ({@link io.acomm.testing.AcommTest}), which gives each test a socket
 * directory, a started {@link io.acomm.Tracker} and a stub provider and stops them afterwards; and the waits of
 * {@link io.acomm.testing.AcommTestUtils}.
 */
@NullMarked
package io.acomm.testing;

import org.jspecify.annotations.NullMarked;
