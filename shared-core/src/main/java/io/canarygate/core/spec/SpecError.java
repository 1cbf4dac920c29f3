package io.canarygate.core.spec;

/**
 * One problem in a rollout description: where, what was found, and what would be accepted.
 *
 * @param path field path, e.g. {@code steps[1].analysis.interval} (flags and step parameters use the same paths); for
 *     YAML syntax errors the position, e.g. {@code line 4, column 12}
 * @param value the offending value as written ({@link #HIDDEN} for an inline secret), or {@code null} when the field is
 *     missing or the problem is not about one value
 * @param problem what is wrong, e.g. {@code is not a duration}; empty for a missing field
 * @param fix what is allowed, e.g. {@code write e.g. 30s, 5m or 2h}
 */
public record SpecError(String path, String value, String problem, String fix) {

    /** Shown in place of a secret written inline, which is never echoed. */
    public static final String HIDDEN = "<inline secret, not shown>";

    /**
     * {@code steps[1].analysis.interval: "fast" is not a duration; write e.g. 30s, 5m or 2h}, {@code target: missing;
     * ...} for a missing field, {@code line 4, column 12: is not valid YAML (...); ...} when there is no value.
     */
    public String message() {
        StringBuilder b = new StringBuilder(path).append(": ");
        if (value == null) {
            b.append(problem.isEmpty() ? "missing" : problem);
        } else {
            b.append(HIDDEN.equals(value) ? HIDDEN : '"' + value + '"');
            if (!problem.isEmpty()) {
                b.append(' ').append(problem);
            }
        }
        if (!fix.isEmpty()) {
            b.append("; ").append(fix);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
