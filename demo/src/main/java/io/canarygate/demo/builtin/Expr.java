package io.canarygate.demo.builtin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The PromQL subset the built-in evaluator understands, as parsed by {@link PromQl}. */
public sealed interface Expr {

    /** A number literal. */
    record Number(double value) implements Expr {}

    /**
     * {@code name{matchers}} or, with a range, {@code name{matchers}[1m]}. The name is a {@code __name__} matcher.
     *
     * @param range present for a range-vector selector
     */
    record Selector(List<Matcher> matchers, Optional<Duration> range) implements Expr {
        public Selector {
            matchers = List.copyOf(matchers);
        }
    }

    /** {@code rate(sel[1m])} or {@code increase(sel[1m])}. */
    record CounterFunction(String function, Selector selector) implements Expr {}

    /** {@code histogram_quantile(0.95, expr)}. */
    record HistogramQuantile(double quantile, Expr buckets) implements Expr {}

    /**
     * {@code sum by (le) (expr)} and its kin (sum, min, max, avg, count).
     *
     * @param grouping labels named by {@code by} or {@code without}
     * @param without true for {@code without}
     */
    record Aggregate(String op, List<String> grouping, boolean without, Expr inner) implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }
    }

    /** {@code a / b}, {@code a * b}, {@code a + b}, {@code a - b}. */
    record Binary(char op, Expr left, Expr right) implements Expr {}

    /** A label matcher: {@code =}, {@code !=}, {@code =~}, {@code !~} (regexes fully anchored, as in PromQL). */
    record Matcher(String label, String op, String value, Pattern regex) {
        public static Matcher of(String label, String op, String value) {
            Pattern regex = op.contains("~") ? Pattern.compile("^(?:" + value + ")$") : null;
            return new Matcher(label, op, value, regex);
        }

        /** A label that is absent matches as the empty string, as in PromQL. */
        public boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> regex.matcher(actual).matches();
                case "!~" -> !regex.matcher(actual).matches();
                default -> throw new IllegalStateException(op);
            };
        }
    }
}
