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
 * @param line the file's line the problem is on (the field, or the nearest enclosing one written), or 0 when it is not
 *     in the file (an override, a field missing from the top level); faces use it for annotations
 */
public record SpecError(String path, String value, String problem, String fix, int line) {

    /** Shown in place of a secret written inline, which is never echoed. */
    public static final String HIDDEN = "<inline secret, not shown>";

    /** An error whose line is not known (yet). */
    public SpecError(String path, String value, String problem, String fix) {
        this(path, value, problem, fix, 0);
    }

    /** The same error, placed on {@code line}. */
    SpecError onLine(int line) {
        return new SpecError(path, value, problem, fix, line);
    }

    /**
     * {@code steps[1].analysis.interval: "fast" is not a duration; write e.g. 30s, 5m or 2h (line 23)}, {@code target:
     * missing; ...} for a missing field, {@code line 4, column 12: is not valid YAML (...); ...} when there is no value.
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
        if (line > 0 && !path.startsWith("line ")) {
            b.append(" (line ").append(line).append(')');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
