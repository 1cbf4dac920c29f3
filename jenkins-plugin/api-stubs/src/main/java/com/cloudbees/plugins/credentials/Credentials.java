// API stub (never packaged). Read from jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/Credentials.java at commit 2daaf47 (2026-04, research/jenkins-api.md
// §5); erased signatures, kind and superclass match; bodies minimal.
package com.cloudbees.plugins.credentials;

import hudson.model.Describable;
import java.io.Serializable;

/** Real interface: {@code extends Describable<Credentials>, Serializable, ExtensionPoint}. */
public interface Credentials extends Describable<Credentials>, Serializable {}
