package io.canarygate.core.engine;

/**
 * One line of text per {@link RolloutEvent}, the same in every face: an evaluation reads
 * {@code [w10 #3] error-rate 0.012 <= 0.05 ok (1/3 in a row) · p95 0.41 <= 0.5 ok}.
 */
public final class ProgressFormatter {
    private ProgressFormatter() {}

    public static String format(RolloutEvent event) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
