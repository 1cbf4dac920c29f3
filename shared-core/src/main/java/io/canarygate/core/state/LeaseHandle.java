package io.canarygate.core.state;

import io.canarygate.core.time.Scheduler;
import java.util.function.Consumer;

/** A held lease. Release it when the operation ends; while it works, keep it renewed. */
public interface LeaseHandle {

    /** Renews the lease on {@code scheduler} every third of its duration until released; failures go to {@code onError}. */
    void keepRenewing(Scheduler scheduler, Consumer<Exception> onError);

    /** Stops renewing and gives the lease up (idempotent; never throws). */
    void release();
}
