package io.canarygate.core.notify;

import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.Trigger;
import java.time.Instant;

/**
 * What a notification says: the transition, where the rollout stands, and who caused it. Holds no secret.
 *
 * @param verdict PASS/FAIL/INCONCLUSIVE for analysis events, else null
 */
public record RolloutNotification(
        NotifyEvent event,
        String rollout,
        String namespace,
        Phase phase,
        int weight,
        String verdict,
        String reason,
        Trigger trigger,
        Instant time) {}
