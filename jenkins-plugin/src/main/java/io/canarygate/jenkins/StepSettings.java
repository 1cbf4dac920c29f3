package io.canarygate.jenkins;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared step parameters as plain data, safe to persist with a waiting execution: ids and names only, never a
 * secret or a client. A class rather than a record: Pipeline persists executions with JBoss Marshalling, which
 * restores fields reflectively, and record fields cannot be set that way.
 */
final class StepSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String DEFAULT_CONFIG = "canary.yaml";

    /** canary.yaml path in the workspace, or null. */
    final String config;
    /** Rollout id override, or null. */
    final String name;
    /** {@code target.namespace} override, or null. */
    final String namespace;
    /** {@code target.deployment} override, or null. */
    final String deployment;
    /** {@code target.image} override (canaryDeploy), or null. */
    final String image;
    /** {@code metrics.prometheus.url} override, or null. */
    final String prometheusUrl;
    /** Secret text credential for Prometheus' bearer token or basic password, or null. */
    final String prometheusCredentialsId;
    /** Secret file (or text) credential holding a kubeconfig, or null. */
    final String kubeconfigCredentialsId;

    StepSettings(
            String config,
            String name,
            String namespace,
            String deployment,
            String image,
            String prometheusUrl,
            String prometheusCredentialsId,
            String kubeconfigCredentialsId) {
        this.config = config;
        this.name = name;
        this.namespace = namespace;
        this.deployment = deployment;
        this.image = image;
        this.prometheusUrl = prometheusUrl;
        this.prometheusCredentialsId = prometheusCredentialsId;
        this.kubeconfigCredentialsId = kubeconfigCredentialsId;
    }

    /** The canary.yaml overrides these parameters make (field path → value). */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "name", name);
        put(o, "target.namespace", namespace);
        put(o, "target.deployment", deployment);
        put(o, "target.image", image);
        put(o, "metrics.prometheus.url", prometheusUrl);
        return o;
    }

    /** This build's earlier settings with these on top: unset parameters keep what an earlier step used. */
    StepSettings over(StepSettings earlier) {
        if (earlier == null) {
            return this;
        }
        return new StepSettings(
                or(config, earlier.config),
                or(name, earlier.name),
                or(namespace, earlier.namespace),
                or(deployment, earlier.deployment),
                or(image, earlier.image),
                or(prometheusUrl, earlier.prometheusUrl),
                or(prometheusCredentialsId, earlier.prometheusCredentialsId),
                or(kubeconfigCredentialsId, earlier.kubeconfigCredentialsId));
    }

    /** Fills credentials ids and the Prometheus URL from the global configuration where still unset. */
    StepSettings withDefaults(CanaryGateConfiguration.Defaults defaults) {
        return new StepSettings(
                config,
                name,
                namespace,
                deployment,
                image,
                prometheusUrl,
                or(prometheusCredentialsId, defaults.prometheusCredentialsId()),
                or(kubeconfigCredentialsId, defaults.kubeconfigCredentialsId()));
    }

    private static void put(Map<String, String> o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
