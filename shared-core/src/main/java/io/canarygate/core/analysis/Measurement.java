package io.canarygate.core.analysis;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/**
 * One objective measured once, with everything that went into the decision (invariant 5: query, value, threshold,
 * time, reason).
 *
 * @param objective objective name
 * @param time evaluation time (the query's evaluation timestamp)
 * @param outcome pass, breach or inconclusive
 * @param value the measured value; null when there was no data
 * @param op comparison used
 * @param threshold threshold in force at this step
 * @param evidence the minimum-evidence count, when the objective has one; null otherwise or when it had no data
 * @param reason one phrase: {@code 0.0123 > 0.01}, {@code no data (empty result)}, {@code 42 requests < 100 needed}
 */
public record Measurement(
        String objective,
        Instant time,
        Outcome outcome,
        Double value,
        Comparison op,
        double threshold,
        Double evidence,
        String reason)
        implements Serializable {

    /** What one measurement says. */
    public enum Outcome {
        PASS,
        BREACH,
        INCONCLUSIVE
    }

    /** Short human form of a number: at most 4 significant digits, no exponent for ordinary magnitudes. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
