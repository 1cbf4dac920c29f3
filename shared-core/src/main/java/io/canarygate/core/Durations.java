package io.canarygate.core;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in runbooks and pipelines: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1h30m}. The one parser and formatter for canary.yaml, flags, step parameters and progress lines.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|[smhd]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[smhd])");

    /** What an error message suggests. */
    public static final String EXAMPLES = "write e.g. 30s, 5m or 2h";

    private Durations() {}

    /** Parses {@code 1h30m}-style text; empty when it is not one (no unit, negative, words, overflow). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(
                        switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(n);
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /** {@code 1h30m}, {@code 45s}, {@code 1m0.5s} is written {@code 1m500ms}; zero is {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (d.isNegative()) {
            b.append('-');
            d = d.negated();
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (minutes > 0) {
            b.append(minutes).append('m');
        }
        if (seconds > 0) {
            b.append(seconds).append('s');
        }
        if (millis > 0) {
            b.append(millis).append("ms");
        }
        return b.length() == 0 || b.toString().equals("-") ? "0s" : b.toString();
    }
}
