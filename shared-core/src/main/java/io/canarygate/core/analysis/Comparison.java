package io.canarygate.core.analysis;

import java.util.Optional;

/** How an objective's value is compared with its threshold. NaN never satisfies a comparison. */
public enum Comparison {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** As written in canary.yaml: {@code <}, {@code <=}, {@code >}, {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code value symbol threshold} holds. */
    public boolean holds(double value, double threshold) {
        if (Double.isNaN(value) || Double.isNaN(threshold)) {
            return false;
        }
        return switch (this) {
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case GT -> value > threshold;
            case GE -> value >= threshold;
        };
    }

    /** Parses {@code <}, {@code <=}, {@code >} or {@code >=}. */
    public static Optional<Comparison> fromSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
