package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.MetricSourceUnavailableException;
import java.util.List;

/**
 * Checks made before the first change to the cluster: every objective's queries are accepted by the metric source.
 * A canary whose gate cannot be judged is not worth deploying.
 */
final class Preflight {
    private Preflight() {}

    static void checkQueries(Session s) {
        List<Objective> objectives = s.spec.objectives();
        if (objectives.isEmpty() || s.spec.metrics().isEmpty()) {
            return;
        }
        MetricSource source = s.ctx.metrics().create(s.spec.metrics().get(), s.ctx.secrets());
        for (int i = 0; i < objectives.size(); i++) {
            Objective o = objectives.get(i);
            check(source, s, "objectives[" + i + "].query", o.name(), o.query());
            if (o.minEvidence().isPresent()) {
                check(
                        source,
                        s,
                        "objectives[" + i + "].minEvidence.query",
                        o.name(),
                        o.minEvidence().get().query());
            }
            if (o.baseline().isPresent()) {
                check(
                        source,
                        s,
                        "objectives[" + i + "].compare.baseline",
                        o.name(),
                        o.baseline().get().query());
            }
        }
    }

    private static void check(MetricSource source, Session s, String path, String objective, String query) {
        try {
            source.instant(query, s.now());
        } catch (BadQueryException e) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    path + " (objective " + objective + "): " + e.getMessage() + "; fix the PromQL (try it in the"
                            + " Prometheus UI) before deploying",
                    e);
        } catch (MetricSourceUnavailableException e) {
            throw new CanaryGateException(
                    Kind.INFRASTRUCTURE,
                    "cannot judge objective " + objective + ": " + e.getMessage()
                            + "; nothing was deployed. Check metrics.prometheus.url and that Prometheus is reachable",
                    e);
        }
    }
}
