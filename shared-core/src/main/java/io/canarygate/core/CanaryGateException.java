package io.canarygate.core;

/**
 * Every failure the core reports to a face. The {@link Kind} tells the face how to react (the CLI maps it to an exit
 * code); the message is written for the person who must fix it: what was wrong, where, and what to do.
 */
public class CanaryGateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What sort of failure this is, so faces can map it without parsing messages. */
    public enum Kind {
        /** The user's input (canary.yaml, flags, step parameters) is wrong. Nothing was changed. */
        INVALID_INPUT,
        /** Another pipeline holds the rollout, or the rollout is in a phase that forbids the operation. */
        CONFLICT,
        /** The API server, Prometheus or a webhook could not be reached or answered with an error. */
        INFRASTRUCTURE,
        /** A workload did not become ready in time. */
        NOT_READY
    }

    private final Kind kind;

    public CanaryGateException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CanaryGateException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
