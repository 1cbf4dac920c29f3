package io.canarygate.cli;

import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SpecLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

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

    final Flags.Value<String> config = new Flags.Value<>();
    final Flags.Value<String> name = new Flags.Value<>();
    final Flags.Value<String> namespace = new Flags.Value<>();
    final Flags.Value<String> deployment = new Flags.Value<>();
    final Flags.Value<String> image = new Flags.Value<>();
    final Flags.Value<String> router = new Flags.Value<>();
    final Flags.Value<String> prometheusUrl = new Flags.Value<>();
    final Flags.Value<String> readyTimeout = new Flags.Value<>();
    final Flags.Value<Map<String, String>> set = new Flags.Value<>();

    /** Adds these flags to {@code command}. */
    void addTo(CommandSpec command) {
        command.addOption(Flags.option(
                        config,
                        String.class,
                        "FILE",
                        "The rollout description (default: ${DEFAULT-VALUE}, relative to the working directory).",
                        "-c",
                        "--config")
                .defaultValue("canary.yaml")
                .build());
        command.addOption(Flags.string(name, "ID", "Rollout id (overrides name).", "--name"));
        command.addOption(Flags.string(
                namespace, "NS", "Namespace of the Deployment (overrides target.namespace).", "-n", "--namespace"));
        command.addOption(Flags.string(
                deployment, "NAME", "The stable Deployment (overrides target.deployment).", "--deployment"));
        command.addOption(Flags.string(image, "REF", "The canary's new image (overrides target.image).", "--image"));
        command.addOption(Flags.string(
                router,
                "KIND",
                "Traffic router: replicas, nginx, gateway-api, smi, istio, argo-rollout or feature-flag (overrides"
                        + " traffic.router).",
                "--router"));
        command.addOption(Flags.string(
                prometheusUrl, "URL", "Prometheus base URL (overrides metrics.prometheus.url).", "--prometheus-url"));
        command.addOption(Flags.string(
                readyTimeout,
                "DURATION",
                "How long a Deployment may take to become ready, e.g. 5m (overrides readyTimeout).",
                "--ready-timeout"));
        command.addOption(Flags.option(
                        set,
                        Map.class,
                        "PATH=VALUE",
                        "Any other field of canary.yaml by its path, e.g. --set rollback.mode=gradual (repeatable).",
                        "--set")
                .auxiliaryTypes(String.class, String.class)
                .build());
    }

    /** The overrides in force: {@code --set} first, then the named flags (which are more specific). */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        if (set.value() != null) {
            o.putAll(set.value());
        }
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
        return SpecLoader.load(env.resolve(config.value()), all);
    }

    private static void put(Map<String, String> o, String flag, Flags.Value<String> value) {
        if (value.value() != null) {
            o.put(PATHS.get(flag), value.value());
        }
    }
}
