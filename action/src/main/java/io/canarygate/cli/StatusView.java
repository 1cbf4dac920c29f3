package io.canarygate.cli;

import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code canarygate status} as text, laid out like {@code kubectl argo rollouts get rollout}: phase, a weight bar,
 * stable and canary images with ready replicas, the latest analyses with verdicts, the tail of the history.
 */
final class StatusView {
    static final int BAR = 20;
    static final int ANALYSES = 5;
    static final int HISTORY = 5;

    private StatusView() {}

    static String text(RolloutStatus s) {
        RolloutRecord r = s.record();
        StringBuilder b = new StringBuilder();
        row(b, "Name", r.rollout());
        row(b, "Namespace", r.namespace());
        row(b, "Phase", icon(r.phase()) + " " + r.phase());
        row(b, "Router", r.router());
        String weight = bar(s.routerWeight()) + " " + s.routerWeight() + "% canary";
        if (s.routerWeight() != r.weight()) {
            weight += " (recorded " + r.weight() + "%)";
        }
        row(b, "Weight", weight);
        row(b, "Images", images(r.stableImages()) + " (stable)");
        row(b, "", images(r.canaryImages()) + " (canary)");
        b.append("Replicas:\n");
        b.append(String.format(
                "  %-8s %-28s %d/%d ready%n", "stable", r.deployment(), s.stableReady(), s.stableReplicas()));
        b.append(String.format(
                "  %-8s %-28s %d/%d ready%n", "canary", r.canaryDeployment(), s.canaryReady(), s.canaryReplicas()));
        if (r.owner() != null) {
            row(b, "Started by", r.owner().describe());
        }
        b.append('\n');
        List<AnalysisRecord> analyses = tail(r.analyses(), ANALYSES);
        b.append("Analyses").append(count(r.analyses().size(), analyses.size())).append(":\n");
        if (analyses.isEmpty()) {
            b.append("  none yet\n");
        } else {
            b.append(String.format("  %-12s %-7s %-13s %-21s %s%n", "KEY", "WEIGHT", "VERDICT", "ENDED", "REASON"));
            for (AnalysisRecord a : analyses) {
                String verdict = a.isOver()
                        ? mark(a.verdict()) + " " + a.verdict()
                        : "… running (" + (a.state() == null ? 0 : a.state().evaluations()) + ")";
                b.append(String.format(
                        "  %-12s %-7s %-13s %-21s %s%n",
                        a.key(),
                        a.weight() + "%",
                        verdict,
                        a.ended() == null ? "-" : seconds(a.ended()),
                        a.reason() == null ? "" : a.reason()));
            }
        }
        b.append('\n');
        List<Transition> history = tail(r.history(), HISTORY);
        b.append("History").append(count(r.history().size(), history.size())).append(":\n");
        for (Transition t : history) {
            b.append(String.format(
                    "  %-21s %-13s %4s  %s — %s%n",
                    seconds(t.at()),
                    (t.from() == null ? "" : t.from() + " → ") + t.to(),
                    t.weight() + "%",
                    t.reason(),
                    t.trigger() == null ? "" : t.trigger().describe()));
        }
        return b.toString();
    }

    /** {@code [████░░░░░░░░░░░░░░░░]}: one block per 5%. */
    static String bar(int weight) {
        int w = Math.max(0, Math.min(100, weight));
        int filled = (int) Math.round(w * BAR / 100.0);
        return "[" + "█".repeat(filled) + "░".repeat(BAR - filled) + "]";
    }

    static String icon(Phase p) {
        return switch (p) {
            case PROMOTED -> "✔";
            case ROLLED_BACK -> "✖";
            case PAUSED -> "॥";
            case DEPLOYING, RUNNING, PROMOTING, ROLLING_BACK -> "◌";
        };
    }

    private static String mark(String verdict) {
        return switch (verdict) {
            case "PASS" -> "✔";
            case "FAIL" -> "✖";
            default -> "?";
        };
    }

    private static String images(Map<String, String> images) {
        if (images.isEmpty()) {
            return "-";
        }
        if (images.size() == 1) {
            return images.values().iterator().next();
        }
        return images.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String seconds(java.time.Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static String count(int all, int shown) {
        return all > shown ? " (last " + shown + " of " + all + ")" : "";
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append(String.format("%-12s %s%n", label.isEmpty() ? "" : label + ":", value));
    }

    private static <T> List<T> tail(List<T> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }
}
