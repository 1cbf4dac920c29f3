// API stub (never packaged). Read from jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/common/StandardListBoxModel.java at c3ee8eb; erased signatures, kind
// and superclass match; bodies minimal.
package com.cloudbees.plugins.credentials.common;

public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    @Override
    protected String describe(StandardCredentials c) {
        return c.getId();
    }
}
