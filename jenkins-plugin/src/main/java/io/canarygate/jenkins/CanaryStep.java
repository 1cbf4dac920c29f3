package io.canarygate.jenkins;

import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The parameters every Canary Gate step shares: which rollout (canary.yaml plus overrides) and how to reach the cluster
 * and Prometheus. Each is optional; unset ones fall back to what an earlier step of this build used, then to the
 * global configuration (Manage Jenkins › System › Canary Gate).
 */
public abstract class CanaryStep extends Step {
    private String config;
    private String name;
    private String namespace;
    private String deployment;
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String kubeconfigCredentialsId;

    public String getConfig() {
        return config;
    }

    @DataBoundSetter
    public void setConfig(String config) {
        this.config = Util.fixEmptyAndTrim(config);
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    public String getDeployment() {
        return deployment;
    }

    @DataBoundSetter
    public void setDeployment(String deployment) {
        this.deployment = Util.fixEmptyAndTrim(deployment);
    }

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
    }

    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = Util.fixEmptyAndTrim(prometheusCredentialsId);
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
    }

    /** The shared parameters as plain, serialisable data; {@code image} only canaryDeploy sets. */
    StepSettings settings(String image) {
        return new StepSettings(
                config,
                name,
                namespace,
                deployment,
                image,
                prometheusUrl,
                prometheusCredentialsId,
                kubeconfigCredentialsId);
    }
}
