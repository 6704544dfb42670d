/**
 * The parts of a {@link io.acomm.Provider}: the {@link io.acomm.internal.provider.TaskDispatcher}, which takes each
 * request from its intake through its task to the delivery of its response; the window of recently accepted request
 * ids ({@link io.acomm.internal.provider.RecentRequestIds}) that keeps a retry from running a task twice; and the
 * {@link io.acomm.internal.provider.DeliveryExecutor}, which delivers responses apart from the tasks. Internal: no
 * compatibility promise.
 */
@NullMarked
package io.acomm.internal.provider;

import org.jspecify.annotations.NullMarked;
