package io.canarygate.demo;

import java.util.Locale;

/**
 * {@code --fault success-rate=0.9@25}: from the stage whose weight is 25, the canary misbehaves so that the named SLI
 * takes about the given value. The names are the demo service's behaviours, matching the demo plan's objectives:
 *
 * <ul>
 *   <li>{@code success-rate=0.9} — 10% of the canary's answers are 500s (also {@code error-rate=0.1});
 *   <li>{@code p95-latency=0.8} — the canary's 95th-percentile latency becomes 0.8 s (also {@code latency=0.8}).
 * </ul>
 *
 * @param objective the name as written
 * @param kind what it changes
 * @param value the SLI value to aim for
 * @param weight the stage (canary weight) from which it applies
 */
public record Fault(String objective, Kind kind, double value, int weight) {

    /** What a fault changes in the canary's behaviour. */
    public enum Kind {
        SUCCESS_RATE,
        ERROR_RATE,
        P95_LATENCY
    }

    static final String USAGE = "write --fault <name>=<value>@<weight>, e.g. --fault success-rate=0.9@25 or"
            + " --fault p95-latency=0.8@50 (names: success-rate, error-rate, p95-latency, latency)";

    /**
     * Parses {@code name=value@weight}.
     *
     * @throws IllegalArgumentException naming the bad part and the fix
     */
    public static Fault parse(String text) {
        String t = text.strip();
        int eq = t.indexOf('=');
        int at = t.lastIndexOf('@');
        if (eq <= 0 || at < eq) {
            throw new IllegalArgumentException("--fault: \"" + text + "\" is not name=value@weight; " + USAGE);
        }
        String name = t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        Kind kind =
                switch (name) {
                    case "success-rate", "success" -> Kind.SUCCESS_RATE;
                    case "error-rate", "errors" -> Kind.ERROR_RATE;
                    case "p95-latency", "latency", "p95" -> Kind.P95_LATENCY;
                    default ->
                        throw new IllegalArgumentException(
                                "--fault: \"" + name + "\" is not a fault the demo service can play; " + USAGE);
                };
        double value;
        try {
            value = Double.parseDouble(t.substring(eq + 1, at).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--fault: \"" + t.substring(eq + 1, at) + "\" in \"" + text + "\" is not a number; " + USAGE);
        }
        int weight;
        try {
            weight = Integer.parseInt(t.substring(at + 1).strip().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--fault: \"" + t.substring(at + 1) + "\" in \"" + text + "\" is not a weight; " + USAGE);
        }
        if (weight < 1 || weight > 100) {
            throw new IllegalArgumentException("--fault: weight " + weight + " in \"" + text + "\" is not 1–100");
        }
        boolean ratio = kind != Kind.P95_LATENCY;
        if (ratio && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    "--fault: " + name + " " + value + " is not a ratio between 0 and 1, e.g. 0.9");
        }
        if (!ratio && !(value > 0 && value <= 10)) {
            throw new IllegalArgumentException(
                    "--fault: " + name + " " + value + " is not a latency in seconds (0–10], e.g. 0.8");
        }
        return new Fault(name, kind, value, weight);
    }

    /** The canary's behaviour with this fault applied to {@code b}. */
    public Behaviour apply(Behaviour b) {
        return switch (kind) {
            case SUCCESS_RATE -> b.withErrorRatio(1 - value);
            case ERROR_RATE -> b.withErrorRatio(value);
            case P95_LATENCY -> b.withP95(value);
        };
    }

    /** {@code success-rate 0.9 from weight 25}. */
    public String describe() {
        String what =
                switch (kind) {
                    case SUCCESS_RATE -> "success rate " + value + " (" + pct(1 - value) + " errors)";
                    case ERROR_RATE -> "error rate " + value + " (" + pct(value) + " errors)";
                    case P95_LATENCY -> "p95 latency " + value + " s";
                };
        return what + " from weight " + weight + "%";
    }

    private static String pct(double ratio) {
        return io.canarygate.core.analysis.Measurement.format(ratio * 100) + "%";
    }
}
