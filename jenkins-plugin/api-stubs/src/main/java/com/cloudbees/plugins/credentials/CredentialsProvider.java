// API stub (never packaged). Read from jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/CredentialsProvider.java at commit 2daaf47 (2026-04,
// research/jenkins-api.md §5); erased signatures, kind and superclass match; bodies minimal.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Run;
import hudson.security.Permission;
import java.util.List;

public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    /** Permission to use a credential in an item (listing it in a job's forms). */
    public static final Permission USE_ITEM = null;

    @Override
    public Descriptor<CredentialsProvider> getDescriptor() {
        return this;
    }

    /**
     * The credential with {@code id} the run may use, or null. Resolves {@code ${PARAM}} credential parameters; uses
     * the run's authentication. This overload is there since credentials 1.16 (the three-argument one is much newer).
     * The stub has no store, so it finds nothing.
     */
    public static <C extends IdCredentials> C findCredentialById(
            String id, Class<C> type, Run<?, ?> run, List<DomainRequirement> domainRequirements) {
        return null;
    }

    /** Records that {@code build} used {@code credentials} (fingerprint); returns them for chaining. */
    public static <C extends Credentials> C track(Run build, C credentials) {
        return credentials;
    }
}
