package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;

/** Turns whatever a future failed with into the exception a face can map. */
final class Errors {
    private Errors() {}

    static RuntimeException rethrow(Throwable error) {
        Throwable cause = Async.unwrap(error);
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new CanaryGateException(Kind.INFRASTRUCTURE, String.valueOf(cause.getMessage()), cause);
    }
}
