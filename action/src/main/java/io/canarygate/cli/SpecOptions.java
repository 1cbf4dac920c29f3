package io.canarygate.cli;

import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SpecLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the rollout description comes from and the flags that override it. Each flag is a field path of canary.yaml
 * handed to {@link SpecLoader#load} as an override, so a flag is validated exactly like the file.
 */
final class SpecOptions {
    /** Flag → field path; docs/cli.md lists the same pairs. */
    static final Map<String, String> PATHS = Map.of(
            "name", "name",
            "namespace", "target.namespace",
            "deployment", "target.deployment",
            "image", "target.image",
            "router", "traffic.router",
            "prometheus-url", "metrics.prometheus.url",
            "ready-timeout", "readyTimeout");

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "canary.yaml",
            description = "The rollout description (default: ${DEFAULT-VALUE}, relative to the working directory).")
    String config;

    @Option(names = "--name", paramLabel = "ID", description = "Rollout id (overrides name).")
    String name;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace of the Deployment (overrides target.namespace).")
    String namespace;

    @Option(
            names = "--deployment",
            paramLabel = "NAME",
            description = "The stable Deployment (overrides target.deployment).")
    String deployment;

    @Option(names = "--image", paramLabel = "REF", description = "The canary's new image (overrides target.image).")
    String image;

    @Option(
            names = "--router",
            paramLabel = "KIND",
            description =
                    "Traffic router: replicas, nginx, gateway-api, smi, istio, argo-rollout or feature-flag (overrides traffic.router).")
    String router;

    @Option(
            names = "--prometheus-url",
            paramLabel = "URL",
            description = "Prometheus base URL (overrides metrics.prometheus.url).")
    String prometheusUrl;

    @Option(
            names = "--ready-timeout",
            paramLabel = "DURATION",
            description = "How long a Deployment may take to become ready, e.g. 5m (overrides readyTimeout).")
    String readyTimeout;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description = "Any other field of canary.yaml by its path, e.g. --set rollback.mode=gradual (repeatable).")
    Map<String, String> set = new LinkedHashMap<>();

    /** The overrides in force: {@code --set} first, then the named flags (which are more specific). */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>(set);
        put(o, "name", name);
        put(o, "namespace", namespace);
        put(o, "deployment", deployment);
        put(o, "image", image);
        put(o, "router", router);
        put(o, "prometheus-url", prometheusUrl);
        put(o, "ready-timeout", readyTimeout);
        return o;
    }

    /** Loads the file with these flags and {@code extra} overrides (which win) applied. */
    RolloutSpec load(Env env, Map<String, String> extra) {
        Map<String, String> all = overrides();
        all.putAll(extra);
        return SpecLoader.load(env.resolve(config), all);
    }

    private static void put(Map<String, String> o, String flag, String value) {
        if (value != null) {
            o.put(PATHS.get(flag), value);
        }
    }
}
