package io.canarygate.core.engine;

import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.analysis.ObjectiveState;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of text per {@link RolloutEvent}, the same in every face. An evaluation reads {@code [w10 #3 12:00:30]
 * success-rate 0.9971 >= 0.995 ok · p95-latency 0.612 <= 0.5 BREACH (2/3 in a row, 2 in all) · errors no data
 * (inconclusive)}: each objective's value against the threshold in force, the outcome, and the breach counters against
 * the objective's limits ({@code 2 in all} without a total limit, {@code 2/5 in all} with one). Times are UTC.
 */
public final class ProgressFormatter {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int BAR_CELLS = 10;
    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    private ProgressFormatter() {}

    public static String format(RolloutEvent event) {
        if (event instanceof RolloutEvent.Evaluated e) {
            return evaluated(e);
        }
        if (event instanceof RolloutEvent.PhaseChanged p) {
            return phaseChanged(p);
        }
        if (event instanceof RolloutEvent.WeightChanged w) {
            return "weight " + w.from() + "% → " + w.to() + "%  [" + bar(w.to()) + "]";
        }
        if (event instanceof RolloutEvent.Note n) {
            return oneLine(n.message());
        }
        return String.valueOf(event);
    }

    private static String phaseChanged(RolloutEvent.PhaseChanged p) {
        StringBuilder b = new StringBuilder();
        if (p.from() != null && p.from() != p.to()) {
            b.append(p.from()).append(" → ");
        }
        b.append(p.to()).append(" at ").append(p.weight()).append('%');
        if (p.reason() != null && !p.reason().isBlank()) {
            b.append(": ").append(oneLine(p.reason()));
        }
        return b.toString();
    }

    private static String evaluated(RolloutEvent.Evaluated e) {
        StringBuilder b = new StringBuilder("[")
                .append(e.window())
                .append(" #")
                .append(e.evaluation().number())
                .append(' ')
                .append(CLOCK.format(e.evaluation().time()))
                .append("] ");
        List<String> parts = new ArrayList<>();
        for (Measurement m : e.evaluation().measurements()) {
            Objective objective = e.objectives().stream()
                    .filter(o -> o.name().equals(m.objective()))
                    .findFirst()
                    .orElse(null);
            ObjectiveState counters = e.evaluation().state() == null
                    ? null
                    : e.evaluation().state().objectives().stream()
                            .filter(o -> o.objective().equals(m.objective()))
                            .findFirst()
                            .orElse(null);
            parts.add(measurement(m, objective, counters));
        }
        if (parts.isEmpty()) {
            b.append("no objective measured");
        }
        b.append(String.join(" · ", parts));
        return b.toString();
    }

    /** {@code p95-latency 0.612 <= 0.5 BREACH (2/3 in a row, 2 in all)}. */
    static String measurement(Measurement m, Objective objective, ObjectiveState counters) {
        StringBuilder b = new StringBuilder(m.objective()).append(' ');
        if (objective != null && objective.baseline().isPresent() && m.value() != null) {
            b.append(oneLine(m.reason())); // canary +28% vs baseline (95% interval +21% to +35%, …) beyond +10%
        } else if (m.value() == null) {
            b.append("no data");
        } else {
            b.append(Measurement.format(m.value()))
                    .append(' ')
                    .append(m.op() == null ? "?" : m.op().symbol())
                    .append(' ')
                    .append(Measurement.format(m.threshold()));
        }
        String shortfall = shortfall(m, objective);
        switch (m.outcome()) {
            case PASS -> {
                b.append(" ok");
                if (counters != null
                        && counters.breaches() > 0
                        && objective != null
                        && objective.totalLimit().isPresent()) {
                    b.append(" (").append(inAll(counters, objective)).append(')');
                }
            }
            case BREACH -> {
                b.append(" BREACH");
                if (counters != null) {
                    b.append(" (")
                            .append(counters.consecutiveBreaches())
                            .append(objective == null ? "" : "/" + objective.consecutiveLimit())
                            .append(" in a row, ")
                            .append(inAll(counters, objective))
                            .append(')');
                }
            }
            case INCONCLUSIVE -> {
                List<String> why = new ArrayList<>();
                why.add("inconclusive");
                if (shortfall != null) {
                    why.add(shortfall);
                } else if (m.value() != null
                        && m.reason() != null
                        && !m.reason().isBlank()) {
                    why.add(oneLine(m.reason()));
                }
                if (counters != null
                        && objective != null
                        && objective.inconclusiveLimit().isPresent()) {
                    why.add(counters.inconclusive() + "/"
                            + objective.inconclusiveLimit().get() + " allowed");
                }
                b.append(" (").append(String.join(", ", why)).append(')');
            }
        }
        return b.toString();
    }

    /**
     * {@code evidence 42 < 100 needed} when the objective's minimum evidence was not reached; when the evidence query
     * itself had no data, the measurement's own reason ({@code no requests (empty result) < 100 needed}).
     */
    private static String shortfall(Measurement m, Objective objective) {
        if (m.outcome() != Measurement.Outcome.INCONCLUSIVE
                || objective == null
                || objective.minEvidence().isEmpty()) {
            return null;
        }
        double min = objective.minEvidence().get().min();
        if (m.evidence() == null) {
            return min > 0 && m.reason() != null && !m.reason().isBlank() ? oneLine(m.reason()) : null;
        }
        if (m.evidence() >= min) {
            return null;
        }
        return "evidence " + Measurement.format(m.evidence()) + " < " + Measurement.format(min) + " needed";
    }

    private static String inAll(ObjectiveState counters, Objective objective) {
        return counters.breaches()
                + (objective != null && objective.totalLimit().isPresent()
                        ? "/" + objective.totalLimit().get()
                        : "")
                + " in all";
    }

    /** Ten cells, each 10%, filled in eighths: 25% is {@code ██▌       }. */
    static String bar(int weight) {
        int w = Math.max(0, Math.min(100, weight));
        int eighths = Math.round(w * BAR_CELLS * 8 / 100f);
        StringBuilder b = new StringBuilder("█".repeat(eighths / 8)).append(EIGHTHS[eighths % 8]);
        int used = eighths / 8 + (eighths % 8 == 0 ? 0 : 1);
        return b.append(" ".repeat(BAR_CELLS - used)).toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
