package io.canarygate.core.report;

import io.canarygate.core.Durations;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.ObjectiveState;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.state.Trigger;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The report for people: GitHub-flavoured Markdown for the step summary and the Jenkins build page, laid out (padded
 * tables, plain text) to read well in a terminal too.
 */
final class MarkdownReport {
    private static final Pattern TAG_START = Pattern.compile("<(?=[A-Za-z/!?])");
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s<>\"`]+");

    private MarkdownReport() {}

    static String render(RolloutRecord r) {
        StringBuilder md = new StringBuilder();
        md.append("## ")
                .append(ReportText.outcomeLabel(r.phase()))
                .append(": ")
                .append(inline(r.rollout()))
                .append("\n\n");
        String reason = r.lastTransition().map(Transition::reason).orElse(null);
        md.append("> ")
                .append(reason == null || reason.isBlank() ? "no transition recorded yet" : inline(reason))
                .append("\n\n");

        List<List<String>> facts = new ArrayList<>();
        facts.add(List.of("Rollout", code(r.rollout())));
        facts.add(List.of("Namespace", code(r.namespace())));
        facts.add(List.of("Image", images(r.stableImages(), r.canaryImages())));
        facts.add(List.of("Weight", r.weight() + "%"));
        facts.add(List.of("Phase", r.phase() == null ? "-" : r.phase().name()));
        facts.add(List.of(
                "Started by",
                trigger(r.owner()) + (r.createdAt() == null ? "" : " at " + ReportText.dateTime(r.createdAt()))));
        table(md, List.of("Fact", "Value"), facts);

        for (WindowView w : WindowView.all(r)) {
            window(md, w);
        }

        md.append("### History\n\n");
        if (r.history().isEmpty()) {
            md.append("_no transitions recorded_\n");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (Transition t : r.history()) {
                rows.add(List.of(
                        ReportText.dateTime(t.at()),
                        (t.from() == null ? "" : t.from().name() + " → ") + (t.to() == null ? "-" : t.to().name()),
                        t.weight() + "%",
                        trigger(t.trigger()),
                        t.reason() == null ? "" : inline(t.reason())));
            }
            table(md, List.of("Time", "Phase", "Weight", "By", "Reason"), rows);
        }
        return md.toString();
    }

    private static void window(StringBuilder md, WindowView view) {
        AnalysisRecord a = view.window();
        md.append("### Window ")
                .append(code(a.key()))
                .append(" at ")
                .append(a.weight())
                .append("%: ")
                .append(verdictLabel(view.verdict()))
                .append("\n\n");
        if (a.reason() != null && !a.reason().isBlank()) {
            md.append(inline(a.reason())).append("\n\n");
        }
        if (a.state() != null) {
            md.append("Started ").append(ReportText.dateTime(a.state().started()));
            if (a.ended() != null) {
                md.append(", ended ").append(ReportText.clock(a.ended()));
            }
            md.append(", deadline ").append(ReportText.clock(a.state().deadline()));
            if (a.state().interval() != null) {
                md.append(", every ").append(Durations.format(a.state().interval()));
            }
            md.append(", ").append(a.state().evaluations()).append(" evaluation(s)");
            if (a.trigger() != null) {
                md.append(", by ").append(trigger(a.trigger()));
            }
            md.append(".\n\n");
        }
        if (view.objectives().isEmpty()) {
            md.append("_no objectives recorded_\n\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (WindowView.ObjectiveView o : view.objectives()) {
            ObjectiveState c = o.counters();
            Measurement last = o.last();
            rows.add(List.of(
                    code(o.name()),
                    last == null ? "-" : ReportText.value(last.value()),
                    o.threshold() == null ? "-" : code(o.threshold()),
                    c.consecutiveBreaches() + " / " + c.breaches(),
                    measurementsCell(c),
                    o.verdict().emoji + " " + o.verdict().label));
        }
        table(
                md,
                List.of(
                        "Objective",
                        "Last value",
                        "Threshold",
                        "Breaches (in a row / in all)",
                        "Measurements",
                        "Verdict"),
                rows);
        chart(md, view);
    }

    private static String measurementsCell(ObjectiveState c) {
        List<String> parts = new ArrayList<>();
        if (c.passes() > 0) {
            parts.add(c.passes() + " ok");
        }
        if (c.breaches() > 0) {
            parts.add(c.breaches() + " breach");
        }
        if (c.inconclusive() > 0) {
            parts.add(c.inconclusive() + " inconclusive");
        }
        return c.measurements() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /**
     * The key objective over the window: its values and its threshold as two line series over the evaluation times.
     * Mermaid has no gaps in a series, so measurements without a finite value (no data, NaN, ±Inf) are left out of the
     * chart; the table above still counts them.
     */
    private static void chart(StringBuilder md, WindowView view) {
        WindowView.ObjectiveView o = view.keyObjective();
        if (o == null) {
            return;
        }
        List<Measurement> points = o.measurements().stream()
                .filter(m -> m.value() != null && Double.isFinite(m.value()) && Double.isFinite(m.threshold()))
                .toList();
        if (points.isEmpty()) {
            md.append("_").append(o.name()).append(": no measurement with data to chart_\n\n");
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Measurement m : points) {
            lo = Math.min(lo, Math.min(m.value(), m.threshold()));
            hi = Math.max(hi, Math.max(m.value(), m.threshold()));
        }
        double span = hi - lo;
        if (span == 0) {
            span = lo == 0 ? 1 : Math.abs(lo) * 0.2;
        }
        boolean nonNegative = lo >= 0;
        lo -= span * 0.1;
        hi += span * 0.1;
        if (nonNegative && lo < 0) {
            lo = 0;
        }
        int scale = 2 - (int) Math.floor(Math.log10(span));
        String left = new BigDecimal(lo)
                .setScale(scale, RoundingMode.FLOOR)
                .stripTrailingZeros()
                .toPlainString();
        String right = new BigDecimal(hi)
                .setScale(scale, RoundingMode.CEILING)
                .stripTrailingZeros()
                .toPlainString();

        String label = o.name() + (o.threshold() == null ? "" : " " + o.threshold());
        md.append("```mermaid\n");
        md.append("xychart-beta\n");
        md.append("    title \"")
                .append(chartText(o.name() + " in window " + view.key() + " (value and threshold)"))
                .append("\"\n");
        md.append("    x-axis \"evaluation time (UTC)\" [");
        for (int i = 0; i < points.size(); i++) {
            md.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(ReportText.clock(points.get(i).time()))
                    .append('"');
        }
        md.append("]\n");
        md.append("    y-axis \"")
                .append(chartText(label))
                .append("\" ")
                .append(left)
                .append(" --> ")
                .append(right)
                .append('\n');
        md.append("    line [");
        for (int i = 0; i < points.size(); i++) {
            md.append(i == 0 ? "" : ", ").append(chartNumber(points.get(i).value()));
        }
        md.append("]\n");
        md.append("    line [");
        for (int i = 0; i < points.size(); i++) {
            md.append(i == 0 ? "" : ", ").append(chartNumber(points.get(i).threshold()));
        }
        md.append("]\n");
        md.append("```\n\n");
        int leftOut = o.measurements().size() - points.size();
        md.append("_Chart: ").append(o.name()).append(" (first line) against its threshold (second line)");
        if (leftOut > 0) {
            md.append("; ").append(leftOut).append(" measurement(s) without data left out");
        }
        md.append("._\n\n");
    }

    /** A finite number as Mermaid reads it: plain decimal, no exponent, 6 significant digits. */
    static String chartNumber(double v) {
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Text inside a quoted Mermaid string: no quotes, no newlines, no markup. */
    private static String chartText(String s) {
        return s.replace("<=", "≤")
                .replace(">=", "≥")
                .replace('<', '＜')
                .replace('>', '＞')
                .replaceAll("[\"\\r\\n`]", " ")
                .strip();
    }

    private static String verdictLabel(String verdict) {
        return switch (verdict) {
            case "PASS" -> "✅ PASS";
            case "FAIL" -> "⛔ FAIL";
            case "INCONCLUSIVE" -> "⏸ INCONCLUSIVE";
            case "RUNNING" -> "▶ RUNNING";
            case "STOPPED" -> "⏹ STOPPED (ended without a verdict)";
            default -> "⚠️ " + inline(verdict);
        };
    }

    private static String images(Map<String, String> stable, Map<String, String> canary) {
        TreeSet<String> containers = new TreeSet<>();
        containers.addAll(stable == null ? Map.<String, String>of().keySet() : stable.keySet());
        containers.addAll(canary == null ? Map.<String, String>of().keySet() : canary.keySet());
        Map<String, String> s = stable == null ? Map.of() : new TreeMap<>(stable);
        Map<String, String> c = canary == null ? Map.of() : new TreeMap<>(canary);
        List<String> parts = new ArrayList<>();
        for (String container : containers) {
            String from = s.containsKey(container) ? code(s.get(container)) : "-";
            String to = c.containsKey(container) ? code(c.get(container)) : "-";
            parts.add((containers.size() > 1 ? container + ": " : "") + from + " → " + to);
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** {@code [github run 42](url) (alice)}; only http(s) links are linked. */
    private static String trigger(Trigger t) {
        if (t == null) {
            return "-";
        }
        String run = inline(t.system() + " run " + t.runId());
        String linked = t.url() != null && SAFE_URL.matcher(t.url()).matches()
                ? "[" + run.replace("[", "\\[").replace("]", "\\]") + "]("
                        + t.url().replace(")", "%29") + ")"
                : run;
        return linked + (t.actor() == null || t.actor().isBlank() ? "" : " (" + inline(t.actor()) + ")");
    }

    /** Inline code; a value that holds a backtick gets a longer fence. */
    static String code(String s) {
        if (s == null) {
            return "-";
        }
        String flat = flatten(s);
        return flat.contains("`") ? "`` " + flat + " ``" : "`" + flat + "`";
    }

    /** Plain text on one line, with no HTML tag openers. */
    static String inline(String s) {
        if (s == null) {
            return "";
        }
        return TAG_START.matcher(flatten(s)).replaceAll("&lt;");
    }

    private static String flatten(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** A GFM table with padded columns (readable as plain text); pipes in cells escaped. */
    static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        int cols = header.size();
        int[] width = new int[cols];
        List<List<String>> all = new ArrayList<>();
        all.add(header.stream().map(MarkdownReport::cell).toList());
        rows.forEach(r -> all.add(r.stream().map(MarkdownReport::cell).toList()));
        for (List<String> row : all) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(Math.max(width[i], 3), length(row.get(i)));
            }
        }
        for (int r = 0; r < all.size(); r++) {
            row(md, all.get(r), width);
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int i = 0; i < cols; i++) {
                    rule.add("-".repeat(width[i]));
                }
                row(md, rule, width);
            }
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, List<String> cells, int[] width) {
        md.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            md.append(' ').append(c).append(" ".repeat(width[i] - length(c))).append(" |");
        }
        md.append('\n');
    }

    private static String cell(String s) {
        return flatten(s == null ? "" : s).replace("\\|", "|").replace("|", "\\|");
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
