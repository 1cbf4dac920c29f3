package io.canarygate.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.ProgressFormatter;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.state.Trigger;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * One step's binding of the core to this build: the engine (cluster client, shared scheduler, secrets, trigger) and
 * the validated spec. Transient by nature; waiting executions persist a {@link SpecSource} and open a new one after a
 * restart.
 */
final class StepRollout {
    /** The trigger system this face reports. */
    static final String SYSTEM = "jenkins";

    final CanaryEngine engine;
    final RolloutSpec spec;
    final Run<?, ?> run;
    final Trigger trigger;

    private StepRollout(CanaryEngine engine, RolloutSpec spec, Run<?, ?> run, Trigger trigger) {
        this.engine = engine;
        this.spec = spec;
        this.run = run;
        this.trigger = trigger;
    }

    /** Opens the rollout {@code source} describes; progress goes to the build log and to {@code also}. */
    static StepRollout open(StepContext context, SpecSource source, RolloutListener also)
            throws IOException, InterruptedException {
        Run<?, ?> run = context.get(Run.class);
        CanaryGateRuntime runtime = CanaryGateRuntime.get();
        RolloutSpec spec = source.load();
        StepSettings settings = source.settings;
        String kubeconfig = null;
        if (settings.kubeconfigCredentialsId != null) {
            kubeconfig = runtime.credentials()
                    .kubeconfig(run, settings.kubeconfigCredentialsId)
                    .orElseThrow(() -> missingCredential("kubeconfigCredentialsId", settings.kubeconfigCredentialsId));
        }
        Trigger trigger = trigger(run);
        RolloutListener listener = event -> {
            log(context, event);
            also.on(event);
        };
        EngineContext engineContext = new EngineContext(
                runtime.clusters().connect(kubeconfig),
                runtime.scheduler(),
                runtime.metrics(),
                secrets(context, run, spec, settings, runtime),
                trigger,
                listener,
                EngineContext.DEFAULT_LEASE_DURATION);
        return new StepRollout(new CanaryEngine(engineContext), spec, run, trigger);
    }

    /**
     * For the short steps: reads canary.yaml (workspace, else what an earlier step of the build read), remembers it on
     * the build, and opens the rollout. Blocking; call it off the CPS thread.
     */
    static StepRollout resolveAndOpen(StepContext context, StepSettings settings)
            throws IOException, InterruptedException {
        SpecSource source = resolve(context, settings);
        return open(context, source, RolloutListener.NONE);
    }

    /** Resolves the spec source for a step and remembers it on the build's action. Blocking. */
    static SpecSource resolve(StepContext context, StepSettings settings) throws IOException, InterruptedException {
        Run<?, ?> run = context.get(Run.class);
        CanaryRunAction action = CanaryRunAction.of(run);
        SpecSource source =
                SpecSource.resolve(context.get(FilePath.class), action, settings, CanaryGateConfiguration.defaults());
        action.remember(source);
        return source;
    }

    /** Waits for a short operation; a core failure becomes an AbortException (the message, no stack trace). */
    static <T> T await(CompletableFuture<T> future) throws AbortException {
        try {
            return CanaryEngine.await(future);
        } catch (CanaryGateException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** The failure to hand to {@code StepContext.onFailure}: core failures as their message alone. */
    static Throwable failure(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CanaryGateException) {
            return new AbortException(t.getMessage());
        }
        return t;
    }

    /** {@code jenkins:<job full name>#<build number>}: every stage of one build is the same lease holder. */
    static Trigger trigger(Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        String actor = cause == null ? null : cause.getUserId();
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        String root = jenkins == null ? null : jenkins.getRootUrl();
        String url = root == null ? run.getUrl() : root + run.getUrl();
        return new Trigger(SYSTEM, run.getParent().getFullName() + "#" + run.getNumber(), actor, url);
    }

    /** Prints one line for {@code event} to the build log, fetched anew (a listener must not be persisted). */
    static void log(StepContext context, RolloutEvent event) {
        println(context, line(event));
    }

    static String line(RolloutEvent event) {
        try {
            return ProgressFormatter.format(event);
        } catch (RuntimeException e) {
            return event.getClass().getSimpleName() + " " + event.rollout();
        }
    }

    static void println(StepContext context, String line) {
        try {
            TaskListener listener = context.get(TaskListener.class);
            if (listener != null) {
                listener.getLogger().println(line);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The build is gone or its log closed; nothing to print to.
        }
    }

    /**
     * Secrets at the moment of use: the one canary.yaml's Prometheus auth names comes from {@code
     * prometheusCredentialsId} when set; any other {@code env} reference from the build's environment, which is where
     * {@code withCredentials} binds (and masks) credentials; {@code file} references from the controller's disk.
     */
    private static SecretResolver secrets(
            StepContext context, Run<?, ?> run, RolloutSpec spec, StepSettings settings, CanaryGateRuntime runtime) {
        SecretRef prometheusRef = prometheusSecret(spec);
        if (settings.prometheusCredentialsId != null && prometheusRef == null) {
            println(
                    context,
                    "canary-gate: prometheusCredentialsId is set but canary.yaml's metrics.prometheus has no auth;"
                            + " add auth: {bearer: {env: PROM_TOKEN}} to use it");
        }
        return ref -> {
            if (settings.prometheusCredentialsId != null && ref.equals(prometheusRef)) {
                return runtime.credentials()
                        .secretText(run, settings.prometheusCredentialsId)
                        .orElseThrow(
                                () -> missingCredential("prometheusCredentialsId", settings.prometheusCredentialsId));
            }
            return SecretResolver.of(environment(context)).resolve(ref);
        };
    }

    private static Map<String, String> environment(StepContext context) {
        try {
            EnvVars env = context.get(EnvVars.class);
            return env == null ? Map.of() : env;
        } catch (IOException | InterruptedException e) {
            return Map.of();
        }
    }

    private static SecretRef prometheusSecret(RolloutSpec spec) {
        if (spec.metrics().isPresent() && spec.metrics().get() instanceof MetricsSpec.Prometheus p) {
            if (p.auth() instanceof MetricsSpec.Auth.Bearer b) {
                return b.token();
            }
            if (p.auth() instanceof MetricsSpec.Auth.Basic b) {
                return b.password();
            }
        }
        return null;
    }

    private static CanaryGateException missingCredential(String field, String id) {
        return new CanaryGateException(
                Kind.INVALID_INPUT,
                field + ": \"" + id + "\" is not a credential this build may use; add it under Manage Jenkins ›"
                        + " Credentials (Secret text" + (field.startsWith("kube") ? " or Secret file" : "")
                        + ") or fix the id");
    }
}
