/**
 * The internals of acomm, in sub-packages by layer. They are public only so that acomm's own modules can use them:
 * nothing under {@code io.acomm.internal} carries a compatibility promise, and any of it may change in any release.
 */
@NullMarked
package io.acomm.internal;

import org.jspecify.annotations.NullMarked;
