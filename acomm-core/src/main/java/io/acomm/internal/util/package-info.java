/**
 * Small helpers every layer uses: time limits ({@link io.acomm.internal.util.Timeouts},
 * {@link io.acomm.internal.util.DeadlineOutputStream}), worker pools, rate-limited logging, quiet closing and log
 * text. Depends on nothing else in acomm. Internal: no compatibility promise.
 */
@NullMarked
package io.acomm.internal.util;

import org.jspecify.annotations.NullMarked;
