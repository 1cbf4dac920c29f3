package io.canarygate.core.analysis;

import java.util.Arrays;

/**
 * How far one sample sits from another, the Mann–Whitney (Wilcoxon rank-sum) way, as Kayenta's judge compares a canary
 * with its baseline: the Hodges–Lehmann estimate of the shift (the median of every pairwise difference {@code c - b})
 * and its confidence interval, read off the sorted differences at the ranks the rank-sum statistic's normal
 * approximation gives. Distribution-free: latencies and error ratios need not be normal, and a few outliers move the
 * estimate little.
 */
final class MannWhitney {
    private MannWhitney() {}

    /**
     * The shift of {@code canary} against {@code baseline}, in their unit, with its confidence interval.
     *
     * @param estimate the Hodges–Lehmann estimate
     * @param low lower bound of the interval
     * @param high upper bound of the interval
     */
    record Shift(double estimate, double low, double high) {}

    /**
     * @param confidence the interval's coverage, e.g. 0.95
     * @throws IllegalArgumentException when a sample is empty or the confidence is not in (0, 1)
     */
    static Shift shift(double[] canary, double[] baseline, double confidence) {
        if (canary.length == 0 || baseline.length == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is not in (0, 1)");
        }
        int n = canary.length;
        int m = baseline.length;
        double[] differences = new double[n * m];
        int k = 0;
        for (double c : canary) {
            for (double b : baseline) {
                differences[k++] = c - b;
            }
        }
        Arrays.sort(differences);
        int all = differences.length;
        double z = normalQuantile(1 - (1 - confidence) / 2);
        // The interval drops the `drop` smallest and largest differences (at least none, at most all but the median).
        double spread = Math.sqrt(n * (double) m * (n + m + 1) / 12.0);
        int drop = (int) Math.floor(all / 2.0 - z * spread);
        drop = Math.max(0, Math.min(drop, (all - 1) / 2));
        return new Shift(median(differences), differences[drop], differences[all - 1 - drop]);
    }

    /** The median of a sorted array. */
    static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The standard normal quantile {@code Φ⁻¹(p)}, by Acklam's rational approximation (relative error below 1.2e-9).
     */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p " + p + " is not in (0, 1)");
        }
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
