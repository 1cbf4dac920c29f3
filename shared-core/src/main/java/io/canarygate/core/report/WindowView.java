package io.canarygate.core.report;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.ObjectiveState;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.RolloutRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One analysis window as the three report formats show it: its objectives in declaration order, each with its counters,
 * its measurements and what it contributed to the window's verdict. Everything is derived from the record alone.
 *
 * <p>The record keeps the window's verdict and reason, not which objective decided it. An objective failed a FAIL
 * window when its last measurement is a breach (a failing window ends at the evaluation that reached the limit) and,
 * when the reason names any such objective, it is one of those named. The engine rebuilds a verdict the same way.
 */
record WindowView(
        AnalysisRecord window, String verdict, List<Measurement> measurements, List<ObjectiveView> objectives) {

    /** What one objective contributed to its window's verdict. */
    enum ObjectiveVerdict {
        PASSED("passed", "✅"),
        FAILED("failed", "⛔"),
        INCONCLUSIVE("inconclusive", "⏸"),
        RUNNING("running", "▶"),
        STOPPED("stopped", "⏹"),
        NOT_JUDGED("not judged", "⚠️");

        final String label;
        final String emoji;

        ObjectiveVerdict(String label, String emoji) {
            this.label = label;
            this.emoji = emoji;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param name objective name
     * @param query the query as recorded, or null
     * @param threshold {@code <= 0.5} as recorded (or rebuilt from the last measurement), or null
     * @param counters counters at the window's end (or now)
     * @param measurements this objective's measurements kept in the record, oldest first
     * @param verdict its part in the window's verdict
     */
    record ObjectiveView(
            String name,
            String query,
            String threshold,
            ObjectiveState counters,
            List<Measurement> measurements,
            ObjectiveVerdict verdict) {

        Measurement last() {
            if (counters != null && counters.last() != null) {
                return counters.last();
            }
            return measurements.isEmpty() ? null : measurements.get(measurements.size() - 1);
        }
    }

    /** Every window of the record, oldest first. */
    static List<WindowView> all(RolloutRecord r) {
        return r.analyses().stream().map(a -> of(a, r)).toList();
    }

    /**
     * A window without a verdict is RUNNING while the rollout can still finish it (not terminal, same weight), else
     * STOPPED: the rollout moved on (a manual rollback, a crash never resumed) before the window ended.
     */
    static WindowView of(AnalysisRecord a, RolloutRecord r) {
        String verdict = a.verdict();
        if (verdict == null) {
            boolean open = r.phase() != null && !r.phase().isTerminal() && r.weight() == a.weight();
            verdict = open ? "RUNNING" : "STOPPED";
        }
        List<Measurement> all = a.measurements() == null ? List.of() : a.measurements();
        Set<String> names = new LinkedHashSet<>();
        AnalysisState state = a.state();
        if (state != null) {
            state.objectives().forEach(o -> names.add(o.objective()));
        }
        if (a.thresholds() != null) {
            names.addAll(a.thresholds().keySet());
        }
        if (a.queries() != null) {
            names.addAll(a.queries().keySet());
        }
        all.forEach(m -> names.add(m.objective()));

        List<ObjectiveView> draft = new ArrayList<>();
        for (String name : names) {
            ObjectiveState counters = state == null
                    ? null
                    : state.objectives().stream()
                            .filter(o -> o.objective().equals(name))
                            .findFirst()
                            .orElse(null);
            List<Measurement> ms =
                    all.stream().filter(m -> m.objective().equals(name)).toList();
            if (counters == null) {
                counters = countersFrom(name, ms);
            }
            String query = a.queries() == null ? null : a.queries().get(name);
            String threshold = a.thresholds() == null ? null : a.thresholds().get(name);
            ObjectiveView draftView = new ObjectiveView(name, query, threshold, counters, ms, null);
            if (threshold == null && draftView.last() != null) {
                Measurement l = draftView.last();
                threshold = l.op().symbol() + " " + Measurement.format(l.threshold());
            }
            draft.add(new ObjectiveView(name, query, threshold, counters, ms, null));
        }
        Set<String> decisive = decisive(a, draft);
        String finalVerdict = verdict;
        List<ObjectiveView> views = new ArrayList<>();
        for (ObjectiveView o : draft) {
            views.add(new ObjectiveView(
                    o.name(),
                    o.query(),
                    o.threshold(),
                    o.counters(),
                    o.measurements(),
                    verdictOf(finalVerdict, o, decisive)));
        }
        return new WindowView(a, verdict, all, List.copyOf(views));
    }

    String key() {
        return window.key();
    }

    /** The objective to chart: the first failed one, else the first one; null without objectives. */
    ObjectiveView keyObjective() {
        return objectives.stream()
                .filter(o -> o.verdict() == ObjectiveVerdict.FAILED)
                .findFirst()
                .orElse(objectives.isEmpty() ? null : objectives.get(0));
    }

    /** From the window's start to its end, or to its latest measurement while it runs. */
    Duration elapsed() {
        if (window.state() == null) {
            return Duration.ZERO;
        }
        Instant start = window.state().started();
        Instant end = window.ended();
        if (end == null) {
            end = measurements.isEmpty()
                    ? start
                    : measurements.get(measurements.size() - 1).time();
        }
        Duration d = Duration.between(start, end);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static ObjectiveVerdict verdictOf(String v, ObjectiveView o, Set<String> decisive) {
        return switch (v) {
            case "RUNNING" -> ObjectiveVerdict.RUNNING;
            case "STOPPED" -> ObjectiveVerdict.STOPPED;
            case "PASS" -> ObjectiveVerdict.PASSED;
            case "FAIL" -> decisive.contains(o.name()) ? ObjectiveVerdict.FAILED : ObjectiveVerdict.PASSED;
            case "INCONCLUSIVE" ->
                decisive.contains(o.name()) ? ObjectiveVerdict.INCONCLUSIVE : ObjectiveVerdict.PASSED;
            default -> ObjectiveVerdict.NOT_JUDGED;
        };
    }

    /** The objectives that decided a FAIL or INCONCLUSIVE window. */
    private static Set<String> decisive(AnalysisRecord a, List<ObjectiveView> objectives) {
        Set<String> result = new LinkedHashSet<>();
        if ("FAIL".equals(a.verdict())) {
            List<ObjectiveView> breaching = objectives.stream()
                    .filter(o -> o.last() != null && o.last().outcome() == Measurement.Outcome.BREACH)
                    .toList();
            List<ObjectiveView> named =
                    breaching.stream().filter(o -> names(a.reason(), o.name())).toList();
            (named.isEmpty() ? breaching : named).forEach(o -> result.add(o.name()));
        } else if ("INCONCLUSIVE".equals(a.verdict())) {
            objectives.stream().filter(o -> names(a.reason(), o.name())).forEach(o -> result.add(o.name()));
            if (result.isEmpty()) {
                objectives.stream().filter(o -> o.counters().passes() == 0).forEach(o -> result.add(o.name()));
            }
            if (result.isEmpty()) {
                objectives.stream().filter(o -> o.counters().inconclusive() > 0).forEach(o -> result.add(o.name()));
            }
        }
        return result;
    }

    /** Whether {@code text} names {@code objective} as a whole word (objective names are [a-z0-9-]). */
    private static boolean names(String text, String objective) {
        if (text == null) {
            return false;
        }
        return Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(objective) + "(?![A-Za-z0-9_-])")
                .matcher(text)
                .find();
    }

    private static ObjectiveState countersFrom(String name, List<Measurement> ms) {
        int passes = 0;
        int breaches = 0;
        int inconclusive = 0;
        int inARow = 0;
        for (Measurement m : ms) {
            switch (m.outcome()) {
                case PASS -> {
                    passes++;
                    inARow = 0;
                }
                case BREACH -> {
                    breaches++;
                    inARow++;
                }
                case INCONCLUSIVE -> inconclusive++;
            }
        }
        return new ObjectiveState(
                name, ms.size(), passes, breaches, inARow, inconclusive, ms.isEmpty() ? null : ms.get(ms.size() - 1));
    }
}
