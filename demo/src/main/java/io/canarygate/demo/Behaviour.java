package io.canarygate.demo;

/**
 * How a demo service answers: a log-normal latency (most requests near the median, a long right tail, as real services
 * show) and a probability of answering 500.
 *
 * @param medianSeconds median latency
 * @param sigma spread of the log-normal (0.4–0.6 looks like a typical web service)
 * @param errorRatio probability of a 500
 */
public record Behaviour(double medianSeconds, double sigma, double errorRatio) {
    /** z-score of the 95th percentile of a normal distribution. */
    private static final double Z95 = 1.6448536;

    public Behaviour {
        if (!(medianSeconds > 0) || !(sigma >= 0) || !(errorRatio >= 0 && errorRatio <= 1)) {
            throw new IllegalArgumentException(
                    "behaviour: median " + medianSeconds + ", sigma " + sigma + ", error ratio " + errorRatio);
        }
    }

    /** v1, the version in production: p95 ≈ 170 ms, 0.1% errors. */
    public static Behaviour stableDefault() {
        return new Behaviour(0.080, 0.45, 0.001);
    }

    /** v2, the healthy new version: a little faster, as rare errors. */
    public static Behaviour canaryDefault() {
        return new Behaviour(0.070, 0.45, 0.001);
    }

    /** The 95th percentile of the latency distribution. */
    public double p95Seconds() {
        return medianSeconds * Math.exp(Z95 * sigma);
    }

    /** The same spread, shifted so that the 95th percentile is {@code p95}. */
    public Behaviour withP95(double p95) {
        return new Behaviour(p95 / Math.exp(Z95 * sigma), sigma, errorRatio);
    }

    public Behaviour withErrorRatio(double ratio) {
        return new Behaviour(medianSeconds, sigma, ratio);
    }

    /** One latency drawn from the distribution, given a standard normal draw {@code z}; capped at 10 s. */
    public double latencySeconds(double z) {
        return Math.min(10.0, medianSeconds * Math.exp(sigma * z));
    }
}
