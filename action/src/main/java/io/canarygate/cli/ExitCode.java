package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The exit codes of every command, as docs/cli.md lists them. */
public final class ExitCode {
    /** The command did what it was asked: deployed, judged PASS, promoted, rolled back, printed. */
    public static final int DONE = 0;
    /** The gate did not pass: the verdict was FAIL or INCONCLUSIVE, or the canary never became ready. */
    public static final int GATE_FAILED = 1;
    /** The input is wrong (canary.yaml, a flag, an action input). Nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** The API server, Prometheus or a webhook could not be reached or answered with an error. */
    public static final int INFRASTRUCTURE = 3;
    /** Another pipeline run holds the rollout, or its phase forbids the command. Nothing was changed. */
    public static final int CONFLICT = 4;
    /** A bug in Canary Gate; the message and stack trace belong in an issue. */
    public static final int INTERNAL = 70;

    private ExitCode() {}

    public static int of(Throwable error) {
        if (error instanceof CanaryGateException c) {
            return switch (c.kind()) {
                case INVALID_INPUT -> BAD_INPUT;
                case CONFLICT -> CONFLICT;
                case INFRASTRUCTURE -> INFRASTRUCTURE;
                case NOT_READY -> GATE_FAILED;
            };
        }
        if (error instanceof KubernetesClientException
                || error instanceof IOException
                || error instanceof UncheckedIOException) {
            return INFRASTRUCTURE;
        }
        return INTERNAL;
    }

    /** The title of the {@code ::error::} annotation for an exit code. */
    public static String title(int code) {
        return switch (code) {
            case DONE -> "Canary Gate: done";
            case GATE_FAILED -> "Canary Gate: gate failed";
            case BAD_INPUT -> "Canary Gate: bad input";
            case INFRASTRUCTURE -> "Canary Gate: infrastructure unreachable";
            case CONFLICT -> "Canary Gate: conflict";
            default -> "Canary Gate: internal error";
        };
    }
}
