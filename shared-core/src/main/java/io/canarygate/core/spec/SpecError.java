package io.canarygate.core.spec;

/**
 * One problem in a rollout description: where, what was found, and what would be accepted.
 *
 * @param path field path, e.g. {@code steps[1].analysis.interval} (flags and step parameters use the same paths)
 * @param value the offending value as written, or {@code null} when the field is missing
 * @param problem what is wrong, e.g. {@code is not a duration}
 * @param fix what is allowed, e.g. {@code write e.g. 30s, 5m or 2h}
 */
public record SpecError(String path, String value, String problem, String fix) {

    /** {@code steps[1].analysis.interval: "fast" is not a duration; write e.g. 30s, 5m or 2h}. */
    public String message() {
        String shown = value == null ? "missing" : '"' + value + '"';
        return path + ": " + shown + " " + problem + "; " + fix;
    }

    @Override
    public String toString() {
        return message();
    }
}
