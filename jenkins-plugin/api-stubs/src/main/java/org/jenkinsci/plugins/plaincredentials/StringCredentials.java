// API stub (never packaged). Read from jenkinsci/plain-credentials-plugin
// src/main/java/org/jenkinsci/plugins/plaincredentials/StringCredentials.java at commit 5c564c5; erased signatures,
// kind and superclass match; bodies minimal.
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** "Secret text" credentials. */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
