package io.canarygate.core.metrics;

import io.canarygate.core.CanaryGateException;

/** A query that did not produce a result. */
public abstract sealed class MetricQueryException extends CanaryGateException
        permits BadQueryException, MetricSourceUnavailableException {
    private static final long serialVersionUID = 1L;

    protected MetricQueryException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
