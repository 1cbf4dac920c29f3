package io.canarygate.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.ListBoxModel;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * Defaults for every Canary Gate step (Manage Jenkins › System › Canary Gate): where Prometheus is when canary.yaml
 * does not say, and which credentials to use when a step names none. Holds ids only; secrets stay in the credentials
 * store.
 */
@Extension
public class CanaryGateConfiguration extends GlobalConfiguration {
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String kubeconfigCredentialsId;

    public CanaryGateConfiguration() {
        load();
    }

    /** The defaults in force; none when Jenkins is not running (unit tests). */
    static Defaults defaults() {
        if (Jenkins.getInstanceOrNull() == null) {
            return Defaults.NONE;
        }
        CanaryGateConfiguration c = ExtensionList.lookupSingleton(CanaryGateConfiguration.class);
        return new Defaults(c.prometheusUrl, c.prometheusCredentialsId, c.kubeconfigCredentialsId);
    }

    @Override
    public String getDisplayName() {
        return "Canary Gate";
    }

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
        save();
    }

    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = Util.fixEmptyAndTrim(prometheusCredentialsId);
        save();
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
        save();
    }

    /**
     * The global defaults as values.
     *
     * @param prometheusUrl used when canary.yaml has no {@code metrics.prometheus.url} and the step sets none
     * @param prometheusCredentialsId Secret text for Prometheus when the step names none
     * @param kubeconfigCredentialsId kubeconfig credential when the step names none; null uses the controller's own
     *     (in-cluster service account or ~/.kube/config)
     */
    record Defaults(String prometheusUrl, String prometheusCredentialsId, String kubeconfigCredentialsId) {
        static final Defaults NONE = new Defaults(null, null, null);
    }

    @RequirePOST
    public ListBoxModel doFillPrometheusCredentialsIdItems(@QueryParameter String prometheusCredentialsId) {
        return CredentialChoices.in(null, prometheusCredentialsId, CredentialChoices.PROMETHEUS);
    }

    @RequirePOST
    public ListBoxModel doFillKubeconfigCredentialsIdItems(@QueryParameter String kubeconfigCredentialsId) {
        return CredentialChoices.in(null, kubeconfigCredentialsId, CredentialChoices.KUBECONFIG);
    }
}
