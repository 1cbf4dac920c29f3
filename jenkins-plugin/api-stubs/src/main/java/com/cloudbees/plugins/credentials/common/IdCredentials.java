// API stub (never packaged). Read from jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/common/IdCredentials.java at commit 2daaf47 (2026-04,
// research/jenkins-api.md §5); erased signatures, kind and superclass match; bodies minimal.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

public interface IdCredentials extends Credentials {
    String getId();
}
