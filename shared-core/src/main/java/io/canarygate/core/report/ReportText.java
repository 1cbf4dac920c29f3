package io.canarygate.core.report;

import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.state.Phase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Wording the three report formats share: how a phase reads as an outcome, times, one measurement per line. */
final class ReportText {
    static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ReportText() {}

    /** {@code rolled-back}: the rollout's outcome as a stable id. */
    static String outcomeId(Phase phase) {
        return phase == null
                ? "unknown"
                : phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** {@code ⛔ rolled back}: the outcome for people. */
    static String outcomeLabel(Phase phase) {
        if (phase == null) {
            return "❔ unknown";
        }
        return switch (phase) {
            case DEPLOYING -> "▶ deploying";
            case RUNNING -> "▶ running";
            case PAUSED -> "⏸ paused";
            case PROMOTING -> "▶ promoting";
            case PROMOTED -> "✅ promoted";
            case ROLLING_BACK -> "⛔ rolling back";
            case ROLLED_BACK -> "⛔ rolled back";
        };
    }

    static String clock(Instant t) {
        return t == null ? "-" : CLOCK.format(t);
    }

    static String dateTime(Instant t) {
        return t == null ? "-" : DATE_TIME.format(t);
    }

    /** A value as measured: its short form, or {@code no data}. */
    static String value(Double v) {
        return v == null ? "no data" : Measurement.format(v);
    }

    /** {@code 12:00:30  0.612 <= 0.5  BREACH  0.612 > 0.5 (evidence 1200)}. */
    static String measurementLine(Measurement m) {
        StringBuilder b = new StringBuilder()
                .append(clock(m.time()))
                .append("  ")
                .append(value(m.value()))
                .append(' ')
                .append(m.op() == null ? "?" : m.op().symbol())
                .append(' ')
                .append(Measurement.format(m.threshold()))
                .append("  ")
                .append(m.outcome());
        if (m.reason() != null && !m.reason().isBlank()) {
            b.append("  ").append(m.reason());
        }
        if (m.evidence() != null) {
            b.append(" (evidence ").append(Measurement.format(m.evidence())).append(')');
        }
        return b.toString();
    }
}
