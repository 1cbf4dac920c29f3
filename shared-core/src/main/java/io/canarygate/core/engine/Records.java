package io.canarygate.core.engine;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Edits of the (immutable) rollout record that the engine makes. */
final class Records {
    private Records() {}

    static RolloutRecord transition(RolloutRecord r, Transition t) {
        List<Transition> history = new ArrayList<>(r.history());
        history.add(t);
        return r.with(t.to(), t.weight(), history, r.analyses(), t.at());
    }

    /** Replaces the unfinished window with {@code a.key()} or appends {@code a}. */
    static RolloutRecord putAnalysis(RolloutRecord r, AnalysisRecord a, Instant now) {
        List<AnalysisRecord> analyses = new ArrayList<>(r.analyses());
        int index = -1;
        for (int i = analyses.size() - 1; i >= 0; i--) {
            if (analyses.get(i).key().equals(a.key()) && !analyses.get(i).isOver()) {
                index = i;
                break;
            }
        }
        if (index >= 0) {
            analyses.set(index, a);
        } else {
            analyses.add(a);
        }
        return r.with(r.phase(), r.weight(), r.history(), analyses, now);
    }

    /** The window with new counters and the new measurements appended (the most recent kept). */
    static AnalysisRecord progress(AnalysisRecord a, AnalysisState state, List<Measurement> added) {
        List<Measurement> all = new ArrayList<>(a.measurements());
        all.addAll(added);
        if (all.size() > AnalysisRecord.MAX_MEASUREMENTS) {
            all = new ArrayList<>(all.subList(all.size() - AnalysisRecord.MAX_MEASUREMENTS, all.size()));
        }
        return new AnalysisRecord(
                a.key(),
                a.weight(),
                a.queries(),
                a.thresholds(),
                state,
                all,
                a.verdict(),
                a.reason(),
                a.ended(),
                a.trigger());
    }

    static AnalysisRecord finish(AnalysisRecord a, AnalysisState state, String verdict, String reason, Instant ended) {
        return new AnalysisRecord(
                a.key(),
                a.weight(),
                a.queries(),
                a.thresholds(),
                state,
                a.measurements(),
                verdict,
                reason,
                ended,
                a.trigger());
    }

    static boolean isActive(RolloutRecord r) {
        return !r.phase().isTerminal();
    }

    static boolean inPhase(RolloutRecord r, Phase... phases) {
        for (Phase p : phases) {
            if (r.phase() == p) {
                return true;
            }
        }
        return false;
    }
}
