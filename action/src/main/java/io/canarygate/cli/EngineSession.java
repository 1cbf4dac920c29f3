package io.canarygate.cli;

import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.ProgressFormatter;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.metrics.MetricSourceFactory;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.SystemScheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The engine for one command: Kubernetes client, wall-clock scheduler, metric sources, secrets and progress sink. */
final class EngineSession implements AutoCloseable {
    final RolloutSpec spec;
    final Trigger trigger;
    final CanaryEngine engine;
    private final KubernetesClient kube;
    private final SystemScheduler scheduler;

    private EngineSession(
            RolloutSpec spec, Trigger trigger, KubernetesClient kube, SystemScheduler scheduler, CanaryEngine engine) {
        this.spec = spec;
        this.trigger = trigger;
        this.kube = kube;
        this.scheduler = scheduler;
        this.engine = engine;
    }

    static EngineSession open(Run run, ClusterOptions options, RolloutSpec spec) {
        SecretResolver secrets = run.secrets(spec);
        Optional<String> given = run.kubeconfigInput().or(options::kubeconfig);
        KubeClients.Kubeconfig kubeconfig = KubeClients.find(run.env, given);
        KubeClients.secretsIn(kubeconfig.content()).forEach(run.console::mask);
        Trigger trigger = Triggers.of(run.env, options.runId());
        MetricSourceFactory metrics = MetricSources.defaultFactory();
        KubernetesClient kube = KubeClients.create(kubeconfig, options.context());
        SystemScheduler scheduler = new SystemScheduler(2);
        CanaryEngine engine = new CanaryEngine(new EngineContext(
                kube,
                scheduler,
                metrics,
                secrets,
                trigger,
                listener(run.console),
                EngineContext.DEFAULT_LEASE_DURATION));
        if (run.env.get(Main.EXIT_AFTER_SETUP).isPresent()) {
            // For bench/cold-start.sh: the time to "inputs parsed, clients ready" includes the metric source.
            spec.metrics().ifPresent(m -> metrics.create(m, secrets));
        }
        return new EngineSession(spec, trigger, kube, scheduler, engine);
    }

    /** The record as it stands, for reports after a failure; empty when it cannot be read. */
    Optional<RolloutRecord> recordQuietly() {
        try {
            return engine.record(spec.target().namespace(), spec.name());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static RolloutListener listener(Console console) {
        return event -> {
            String line;
            try {
                line = ProgressFormatter.format(event);
            } catch (RuntimeException e) {
                line = event.toString();
            }
            if (event instanceof RolloutEvent.Evaluated e) {
                console.group(line, details(e));
            } else {
                console.info(line);
            }
        };
    }

    /** What a GitHub log group shows under an evaluation's line: each objective's query, value and why. */
    static List<String> details(RolloutEvent.Evaluated e) {
        List<String> lines = new ArrayList<>();
        for (Measurement m : e.evaluation().measurements()) {
            String query = e.objectives().stream()
                    .filter(o -> o.name().equals(m.objective()))
                    .map(Objective::query)
                    .findFirst()
                    .orElse("?");
            StringBuilder b = new StringBuilder()
                    .append(m.objective())
                    .append(": ")
                    .append(m.outcome())
                    .append(" — ")
                    .append(m.reason());
            if (m.evidence() != null) {
                b.append(" (evidence ").append(Measurement.format(m.evidence())).append(')');
            }
            lines.add(b.toString());
            lines.add("  query: " + query);
        }
        return lines;
    }

    @Override
    public void close() {
        scheduler.close();
        kube.close();
    }
}
