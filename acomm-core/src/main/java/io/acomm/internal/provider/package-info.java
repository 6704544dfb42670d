/**
 * The parts of a {@link io.acomm.Provider}: the window of recently accepted request ids that keeps a retry from
 * running a task twice, and the executor that delivers responses apart from the tasks. Internal: no compatibility
 * promise.
 */
@NullMarked
package io.acomm.internal.provider;

import org.jspecify.annotations.NullMarked;
