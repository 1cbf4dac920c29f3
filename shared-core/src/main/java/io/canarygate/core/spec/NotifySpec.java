package io.canarygate.core.spec;

import java.util.Optional;
import java.util.Set;

/** Where rollout transitions are announced. URLs are secrets (a Slack webhook URL is a credential). */
public sealed interface NotifySpec {

    /** Which transitions this target hears about. */
    Set<NotifyEvent> on();

    /** A Slack incoming webhook. */
    record Slack(SecretRef webhookUrl, Set<NotifyEvent> on) implements NotifySpec {
        public Slack {
            on = Set.copyOf(on);
        }
    }

    /**
     * A generic JSON webhook; with {@code hmacSecret} the body is signed (header {@code X-Canary-Gate-Signature:
     * sha256=<hex>}).
     */
    record Webhook(SecretRef url, Optional<SecretRef> hmacSecret, Set<NotifyEvent> on) implements NotifySpec {
        public Webhook {
            on = Set.copyOf(on);
        }
    }

    /** Transitions worth announcing. */
    enum NotifyEvent {
        DEPLOYED,
        WEIGHT_CHANGED,
        ANALYSIS_PASSED,
        ANALYSIS_FAILED,
        ANALYSIS_INCONCLUSIVE,
        PROMOTED,
        ROLLED_BACK;

        /** As canary.yaml and webhook headers spell it: {@code analysis-failed}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
