package io.canarygate.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The credentials drop-downs of the forms (a step's in the Snippet Generator, the global defaults): the ids of the
 * credentials of the kinds the step reads that the user may use where the form is, plus the current value, so
 * saving a form never loses it. A user without that permission sees only the current value: the list would otherwise
 * tell anyone who can open a form which credentials exist.
 */
final class CredentialChoices {
    /** What {@code prometheusCredentialsId} names: a secret text (a bearer token). */
    static final List<Class<? extends StandardCredentials>> PROMETHEUS = List.of(StringCredentials.class);
    /** What {@code kubeconfigCredentialsId} names: a secret file, or a secret text holding the kubeconfig. */
    static final List<Class<? extends StandardCredentials>> KUBECONFIG =
            List.of(FileCredentials.class, StringCredentials.class);

    private CredentialChoices() {}

    /** In a job's forms ({@code item}), or at the top level when {@code item} is null. */
    static ListBoxModel in(Item item, String current, List<Class<? extends StandardCredentials>> types) {
        boolean allowed = item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
        StandardListBoxModel model = new StandardListBoxModel();
        if (!allowed) {
            return model.includeCurrentValue(current);
        }
        model.includeEmptyValue();
        for (Class<? extends StandardCredentials> type : types) {
            if (item == null) {
                model.include(Jenkins.get(), type);
            } else {
                model.include(item, type);
            }
        }
        return model.includeCurrentValue(current);
    }
}
