package io.canarygate.core.metrics;

/** The source could not be reached, timed out, or answered 5xx after every retry. */
public final class MetricSourceUnavailableException extends MetricQueryException {
    private static final long serialVersionUID = 1L;

    public MetricSourceUnavailableException(String message, Throwable cause) {
        super(Kind.INFRASTRUCTURE, message, cause);
    }
}
