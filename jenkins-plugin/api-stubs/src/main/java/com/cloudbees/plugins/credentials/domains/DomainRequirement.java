// API stub (never packaged). Read from jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/domains/DomainRequirement.java at commit 4f06fde; erased signatures,
// kind and superclass match; bodies minimal.
package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

/** Base class for what a credentials domain must satisfy. */
public class DomainRequirement implements ExtensionPoint, Serializable {
    private static final long serialVersionUID = 1L;
}
