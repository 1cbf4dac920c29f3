// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/jenkins/model/GlobalConfiguration.java at
// tag jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

/**
 * A global configuration section. Real {@code configure(StaplerRequest2, JSONObject)} binds the form to the
 * {@code @DataBoundSetter}s; the plugin does not override it, so the stub leaves it out.
 */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {
    @SuppressWarnings("unchecked")
    protected GlobalConfiguration() {
        super((Class<? extends GlobalConfiguration>) (Class<?>) GlobalConfiguration.class);
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        return this;
    }

    /** Unless the section has its own page, the display name is not shown; real default is "". */
    @Override
    public String getDisplayName() {
        return "";
    }
}
