package io.canarygate.jenkins;

import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.engine.WaitResult;
import io.canarygate.core.state.RolloutRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** What steps return to the Pipeline script: maps of strings, numbers and booleans (sandbox-safe, serialisable). */
final class Results {
    private Results() {}

    /** {@code rollout, namespace, phase, weight, routerWeight, canaryReady, canaryReplicas, stableReady, ...}. */
    static Map<String, Object> status(RolloutStatus s) {
        RolloutRecord r = s.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rollout", r.rollout());
        m.put("namespace", r.namespace());
        m.put("phase", r.phase().name());
        m.put("weight", r.weight());
        m.put("routerWeight", s.routerWeight());
        m.put("canaryReady", s.canaryReady());
        m.put("canaryReplicas", s.canaryReplicas());
        m.put("stableReady", s.stableReady());
        m.put("stableReplicas", s.stableReplicas());
        m.put("canaryImages", new LinkedHashMap<>(r.canaryImages()));
        return m;
    }

    /** The status plus {@code verdict, reason, evaluations, rolledBack}. */
    static Map<String, Object> verdict(WaitResult w) {
        Map<String, Object> m = status(w.status());
        m.put("verdict", w.outcome().verdict().id());
        m.put("reason", w.outcome().verdict().reason());
        m.put("evaluations", w.outcome().state().evaluations());
        m.put("rolledBack", w.rolledBack());
        return m;
    }
}
