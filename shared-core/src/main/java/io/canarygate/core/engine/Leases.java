package io.canarygate.core.engine;

import io.canarygate.core.state.LeaseHandle;

/** Takes the rollout's lease for the acting pipeline run and keeps it renewed while the operation works. */
final class Leases {
    private Leases() {}

    static LeaseHandle acquire(Session s) {
        LeaseHandle handle = s.leases.acquire(s.namespace, s.rollout, s.ctx.trigger(), s.ctx.leaseDuration(), s.now());
        handle.keepRenewing(s.ctx.scheduler(), failure -> s.note("could not renew the lease: " + failure.getMessage()));
        return handle;
    }
}
