package io.canarygate.core.metrics;

/** The source rejected the query (HTTP 400/422): a configuration error, never counted as a breach. */
public final class BadQueryException extends MetricQueryException {
    private static final long serialVersionUID = 1L;

    public BadQueryException(String message) {
        super(Kind.INVALID_INPUT, message, null);
    }
}
