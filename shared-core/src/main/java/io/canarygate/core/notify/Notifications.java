package io.canarygate.core.notify;

import io.canarygate.core.spec.NotifySpec;
import io.canarygate.core.spec.SecretResolver;
import java.util.List;

/**
 * Delivers notifications to a rollout's targets (Slack incoming webhook; generic JSON webhook, HMAC-signed). Delivery
 * failures never fail a rollout: they come back as warnings without the URL (a webhook URL is a secret).
 */
public final class Notifications {
    private final List<NotifySpec> targets;
    private final SecretResolver secrets;

    private Notifications(List<NotifySpec> targets, SecretResolver secrets) {
        this.targets = List.copyOf(targets);
        this.secrets = secrets;
    }

    public static Notifications from(List<NotifySpec> targets, SecretResolver secrets) {
        return new Notifications(targets, secrets);
    }

    /** Sends {@code n} to every target subscribed to its event; returns one warning per failed delivery. */
    public List<String> send(RolloutNotification n) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
