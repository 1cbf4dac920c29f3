package io.canarygate.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarygate.core.Durations;
import io.canarygate.core.Json;
import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.ObjectiveState;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.state.Trigger;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine report. Field names are written out here, not derived from the record's Java names, so that renaming a
 * record component cannot silently change the report's format; docs/report.md describes every field.
 */
final class JsonReport {
    /** Report format version; bump on an incompatible change. */
    static final int FORMAT = 1;

    private JsonReport() {}

    static String render(RolloutRecord r) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("rollout", r.rollout());
        root.put("namespace", r.namespace());
        root.put("deployment", r.deployment());
        root.put("canaryDeployment", r.canaryDeployment());
        root.put("router", r.router());
        root.put("phase", r.phase() == null ? null : r.phase().name());
        root.put("outcome", ReportText.outcomeId(r.phase()));
        root.put("reason", r.lastTransition().map(Transition::reason).orElse(null));
        root.put("weight", r.weight());
        root.set("stableImages", images(root, r.stableImages()));
        root.set("canaryImages", images(root, r.canaryImages()));
        root.put("stableRevision", r.stableRevision());
        root.set("owner", trigger(root, r.owner()));
        time(root, "createdAt", r.createdAt());
        time(root, "updatedAt", r.updatedAt());

        ArrayNode history = root.putArray("history");
        for (Transition t : r.history()) {
            ObjectNode n = history.addObject();
            time(n, "at", t.at());
            n.put("from", t.from() == null ? null : t.from().name());
            n.put("to", t.to() == null ? null : t.to().name());
            n.put("weight", t.weight());
            n.set("trigger", trigger(n, t.trigger()));
            n.put("reason", t.reason());
        }

        ArrayNode analyses = root.putArray("analyses");
        for (WindowView w : WindowView.all(r)) {
            analyses.add(analysis(root, w));
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode analysis(ObjectNode factory, WindowView view) {
        AnalysisRecord a = view.window();
        ObjectNode n = factory.objectNode();
        n.put("key", a.key());
        n.put("weight", a.weight());
        n.put("verdict", view.verdict());
        n.put("reason", a.reason());
        time(n, "ended", a.ended());
        n.set("trigger", trigger(n, a.trigger()));
        n.set("queries", strings(n, a.queries()));
        n.set("thresholds", strings(n, a.thresholds()));

        ObjectNode window = n.putObject("window");
        AnalysisState s = a.state();
        if (s != null) {
            time(window, "started", s.started());
            time(window, "deadline", s.deadline());
            window.put(
                    "duration",
                    s.started() == null || s.deadline() == null
                            ? null
                            : Durations.format(Duration.between(s.started(), s.deadline())));
            window.put("interval", s.interval() == null ? null : Durations.format(s.interval()));
            window.put("evaluations", s.evaluations());
        }

        ArrayNode counters = n.putArray("objectives");
        for (WindowView.ObjectiveView o : view.objectives()) {
            ObjectNode c = counters.addObject();
            ObjectiveState st = o.counters();
            c.put("name", o.name());
            c.put("query", o.query());
            c.put("threshold", o.threshold());
            c.put("verdict", o.verdict().id());
            c.put("measurements", st.measurements());
            c.put("passes", st.passes());
            c.put("breaches", st.breaches());
            c.put("consecutiveBreaches", st.consecutiveBreaches());
            c.put("inconclusive", st.inconclusive());
            Measurement last = o.last();
            if (last == null) {
                c.putNull("lastValue");
            } else {
                number(c, "lastValue", last.value());
            }
        }

        ArrayNode ms = n.putArray("measurements");
        for (Measurement m : view.measurements()) {
            ObjectNode mn = ms.addObject();
            mn.put("objective", m.objective());
            time(mn, "time", m.time());
            number(mn, "value", m.value());
            mn.put("op", m.op() == null ? null : m.op().symbol());
            number(mn, "threshold", m.threshold());
            number(mn, "evidence", m.evidence());
            mn.put("outcome", m.outcome() == null ? null : m.outcome().name());
            mn.put("reason", m.reason());
        }
        return n;
    }

    /** Numbers as JSON numbers; no data as null; NaN and infinities as the strings Prometheus uses. */
    private static void number(ObjectNode n, String field, Double v) {
        if (v == null) {
            n.putNull(field);
        } else if (Double.isNaN(v)) {
            n.put(field, "NaN");
        } else if (Double.isInfinite(v)) {
            n.put(field, v > 0 ? "+Inf" : "-Inf");
        } else {
            n.put(field, v);
        }
    }

    private static void time(ObjectNode n, String field, Instant t) {
        n.put(field, t == null ? null : t.toString());
    }

    private static ObjectNode trigger(ObjectNode factory, Trigger t) {
        if (t == null) {
            return null;
        }
        ObjectNode n = factory.objectNode();
        n.put("system", t.system());
        n.put("runId", t.runId());
        n.put("actor", t.actor());
        n.put("url", t.url());
        return n;
    }

    private static ObjectNode images(ObjectNode factory, Map<String, String> images) {
        return strings(factory, images == null ? null : new TreeMap<>(images));
    }

    private static ObjectNode strings(ObjectNode factory, Map<String, String> map) {
        ObjectNode n = factory.objectNode();
        if (map != null) {
            map.forEach(n::put);
        }
        return n;
    }
}
