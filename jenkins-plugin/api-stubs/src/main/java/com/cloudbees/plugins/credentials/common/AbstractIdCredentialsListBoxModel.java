// API stub (never packaged). Read from jenkinsci/credentials-plugin
// src/main/java/com/cloudbees/plugins/credentials/common/AbstractIdCredentialsListBoxModel.java at 7c394fb (every
// method used here is there since credentials 2.1.0); erased signatures, kind and superclass match; bodies minimal.
package com.cloudbees.plugins.credentials.common;

import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;

/** A list box of credential ids. The stub has no credential store, so {@code include} adds nothing. */
public abstract class AbstractIdCredentialsListBoxModel<
                T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials>
        extends ListBoxModel {

    protected abstract String describe(C c);

    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        for (Option o : this) {
            if ("".equals(o.value)) {
                return this;
            }
        }
        add(0, new Option("- none -", ""));
        return this;
    }

    /** The credentials of {@code type} that the current user may see in {@code context}. */
    public AbstractIdCredentialsListBoxModel<T, C> include(Item context, Class<? extends C> type) {
        return this;
    }

    /** The credentials of {@code type} that the current user may see in {@code context}. */
    public AbstractIdCredentialsListBoxModel<T, C> include(ItemGroup context, Class<? extends C> type) {
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(String value) {
        if (value == null || value.isEmpty()) {
            return includeEmptyValue();
        }
        for (Option o : this) {
            if (value.equals(o.value)) {
                return this;
            }
        }
        int index = isEmpty() ? 0 : "".equals(get(0).value) ? 1 : 0;
        add(index, new Option("- current -", value));
        return this;
    }
}
