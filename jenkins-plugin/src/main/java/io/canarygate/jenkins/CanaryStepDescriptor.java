package io.canarygate.jenkins;

import hudson.model.Item;
import hudson.util.ListBoxModel;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/** What every Canary Gate step's descriptor shares: the credentials drop-downs of the common fields. */
public abstract class CanaryStepDescriptor extends StepDescriptor {
    @RequirePOST
    public ListBoxModel doFillPrometheusCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String prometheusCredentialsId) {
        return CredentialChoices.in(item, prometheusCredentialsId, CredentialChoices.PROMETHEUS);
    }

    @RequirePOST
    public ListBoxModel doFillKubeconfigCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String kubeconfigCredentialsId) {
        return CredentialChoices.in(item, kubeconfigCredentialsId, CredentialChoices.KUBECONFIG);
    }
}
