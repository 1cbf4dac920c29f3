package io.canarygate.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import hudson.FilePath;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SpecLoader;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Where a step's rollout description comes from, as plain data a waiting execution can persist: the canary.yaml text
 * read when the step started, the overrides its parameters make, and the credentials ids. After a restart the spec is
 * parsed again from this text, so a changed or missing workspace does not change a running wait.
 */
final class SpecSource implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The config path, for messages. */
    final String name;

    final String yaml;
    final HashMap<String, String> overrides;
    final StepSettings settings;

    SpecSource(String name, String yaml, Map<String, String> overrides, StepSettings settings) {
        this.name = name;
        this.yaml = yaml;
        this.overrides = new HashMap<>(overrides);
        this.settings = settings;
    }

    /** Parses and validates the description; every error names the field. */
    RolloutSpec load() {
        return SpecLoader.parse(yaml, name, overrides);
    }

    /**
     * Reads canary.yaml from {@code workspace} (null outside {@code node}); without a workspace, reuses the one an
     * earlier step of this build read. Unset parameters keep what earlier steps of the build used, then the global
     * defaults. Blocking (a remote read): call it off the CPS thread.
     */
    static SpecSource resolve(
            FilePath workspace, CanaryRunAction action, StepSettings given, CanaryGateConfiguration.Defaults defaults)
            throws IOException, InterruptedException {
        StepSettings earlier = action == null ? null : action.getSettings();
        StepSettings settings = given.over(earlier).withDefaults(defaults);
        String path = settings.config != null ? settings.config : StepSettings.DEFAULT_CONFIG;
        String yaml;
        boolean reuse = workspace == null
                && action != null
                && action.getConfigYaml() != null
                && (given.config == null || given.config.equals(action.getConfigName()));
        if (reuse) {
            path = action.getConfigName();
            yaml = action.getConfigYaml();
        } else if (workspace != null) {
            FilePath file = workspace.child(path);
            if (!file.exists()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "config: \"" + path + "\" is not in the workspace (" + file.getRemote()
                                + "); check out the repository first, or pass config: 'path/to/canary.yaml'");
            }
            yaml = file.readToString();
        } else {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "config: no workspace here to read \"" + path + "\" from; call this step inside node { }, or run"
                            + " canaryDeploy inside node { } first so later steps of the build reuse its canary.yaml");
        }
        Map<String, String> overrides = settings.overrides();
        if (!overrides.containsKey("metrics.prometheus.url")
                && defaults.prometheusUrl() != null
                && !declaresPrometheusUrl(yaml)) {
            overrides.put("metrics.prometheus.url", defaults.prometheusUrl());
        }
        return new SpecSource(path, yaml, overrides, settings);
    }

    /** Whether the text sets metrics.prometheus.url (an unparsable text is left to SpecLoader to report). */
    private static boolean declaresPrometheusUrl(String yaml) {
        try {
            JsonNode url = YAML.readTree(yaml).at("/metrics/prometheus/url");
            return !url.isMissingNode() && !url.isNull();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * A source read on first use (off the CPS thread) and kept with the execution, so a restart parses the same text.
     */
    static final class Lazy implements Serializable {
        private static final long serialVersionUID = 1L;

        private final StepSettings settings;
        private volatile SpecSource resolved;

        Lazy(StepSettings settings) {
            this.settings = settings;
        }

        SpecSource get(StepContext context) throws IOException, InterruptedException {
            SpecSource s = resolved;
            if (s == null) {
                s = StepRollout.resolve(context, settings);
                resolved = s;
                context.saveState();
            }
            return s;
        }
    }
}
