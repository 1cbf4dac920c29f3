package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * Keeps the Snippet Generator and the step reference honest: every step has a description and a form, every parameter
 * has help and a form field, and every step is shown in Jenkinsfile.example or docs/jenkins.md.
 */
class StepDocumentationTest {
    private static final Pattern FIELD = Pattern.compile("field=\"([A-Za-z]+)\"");
    private static final Pattern CREDENTIALS_SELECT = Pattern.compile("field=\"([A-Za-z]+)\"[^>]*>\\s*<c:select/>");

    @ParameterizedTest
    @ValueSource(
            classes = {
                CanaryDeployStep.class,
                SloWaitStep.class,
                CanaryApproveStep.class,
                CanaryPromoteStep.class,
                CanaryRollbackStep.class,
                CanaryStatusStep.class
            })
    void everyParameterHasHelpAndAFormField(Class<? extends Step> step) throws Exception {
        Set<String> parameters = parameters(step);
        assertThat(resource(step, "help.html"))
                .as(step.getSimpleName() + "/help.html")
                .isNotNull();
        for (String p : parameters) {
            assertThat(inherited(step, "help-" + p + ".html"))
                    .as("help for %s's parameter %s", step.getSimpleName(), p)
                    .isTrue();
        }
        assertThat(formFields(step)).isEqualTo(parameters);
    }

    @ParameterizedTest
    @ValueSource(
            classes = {
                CanaryDeployStep.DescriptorImpl.class,
                SloWaitStep.DescriptorImpl.class,
                CanaryApproveStep.DescriptorImpl.class,
                CanaryPromoteStep.DescriptorImpl.class,
                CanaryRollbackStep.DescriptorImpl.class,
                CanaryStatusStep.DescriptorImpl.class
            })
    void everyStepAppearsInTheExamplePipelineOrTheDocsAndRunsOutsideNode(Class<? extends StepDescriptor> type)
            throws Exception {
        StepDescriptor d = type.getConstructor().newInstance();
        String examples =
                Files.readString(Path.of("../Jenkinsfile.example")) + Files.readString(Path.of("../docs/jenkins.md"));
        assertThat(examples).containsAnyOf(d.getFunctionName() + " ", d.getFunctionName() + "(");
        assertThat(d.getRequiredContext().contains(FilePath.class))
                .as("needs no workspace")
                .isFalse();
        assertThat(d.getDisplayName()).startsWith("Canary Gate: ");
    }

    @ParameterizedTest
    @ValueSource(classes = {CanaryGateConfiguration.class})
    void everyGlobalSettingHasHelpAndAFormField(Class<?> config) throws IOException {
        Set<String> settings = new TreeSet<>();
        for (Method m : config.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                settings.add(property(m));
            }
        }
        assertThat(settings).isNotEmpty();
        for (String s : settings) {
            assertThat(resource(config, "help-" + s + ".html"))
                    .as("help for " + s)
                    .isNotNull();
        }
        assertThat(fields(read(config, "config.jelly"))).isEqualTo(settings);
    }

    /**
     * A credentials drop-down ({@code <c:select/>}) is filled by the form's descriptor: {@code doFill<Field>Items},
     * answering POST only, given the field's current value (and, in a job's forms, the job, for its permissions).
     * Without it the form shows an empty list and saving it loses the id.
     */
    @Test
    void everyCredentialsDropDownIsFilledByItsDescriptor() throws Exception {
        Map<Class<?>, Class<?>> descriptors = Map.of(
                CanaryDeployStep.class, CanaryDeployStep.DescriptorImpl.class,
                SloWaitStep.class, SloWaitStep.DescriptorImpl.class,
                CanaryApproveStep.class, CanaryApproveStep.DescriptorImpl.class,
                CanaryPromoteStep.class, CanaryPromoteStep.DescriptorImpl.class,
                CanaryRollbackStep.class, CanaryRollbackStep.DescriptorImpl.class,
                CanaryStatusStep.class, CanaryStatusStep.DescriptorImpl.class,
                CanaryGateConfiguration.class, CanaryGateConfiguration.class);
        for (Map.Entry<Class<?>, Class<?>> e : descriptors.entrySet()) {
            Set<String> selects = credentialsSelects(e.getKey());
            assertThat(selects)
                    .as(e.getKey().getSimpleName() + "'s credentials fields")
                    .containsExactlyInAnyOrder("prometheusCredentialsId", "kubeconfigCredentialsId");
            boolean inAJob = Step.class.isAssignableFrom(e.getKey());
            for (String field : selects) {
                String name = "doFill" + Character.toUpperCase(field.charAt(0)) + field.substring(1) + "Items";
                Method fill = Arrays.stream(e.getValue().getMethods())
                        .filter(m -> m.getName().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(e.getValue().getName() + " has no " + name));
                assertThat(fill.getReturnType()).isEqualTo(ListBoxModel.class);
                assertThat(fill.isAnnotationPresent(RequirePOST.class))
                        .as(name + " is POST only")
                        .isTrue();
                assertThat(Arrays.stream(fill.getParameters())
                                .filter(p -> p.isAnnotationPresent(QueryParameter.class))
                                .map(Parameter::getName))
                        .as(name + "'s current value")
                        .containsExactly(field);
                assertThat(Arrays.stream(fill.getParameters())
                                .filter(p -> p.isAnnotationPresent(AncestorInPath.class))
                                .map(Parameter::getType))
                        .as(name + "'s job")
                        .isEqualTo(inAJob ? java.util.List.of(Item.class) : java.util.List.of());
            }
        }
    }

    /** Someone who may not use credentials in the job sees the current id only, not which credentials exist. */
    @Test
    void withoutPermissionTheDropDownHoldsTheCurrentValueOnly() {
        Item job = new Item() {
            @Override
            public String getName() {
                return "checkout";
            }

            @Override
            public String getFullName() {
                return "shop/checkout";
            }

            @Override
            public String getUrl() {
                return "job/shop/job/checkout/";
            }

            @Override
            public String getDisplayName() {
                return "checkout";
            }
        };
        ListBoxModel items =
                new CanaryDeployStep.DescriptorImpl().doFillPrometheusCredentialsIdItems(job, "prom-token");
        assertThat(items).extracting(o -> o.value).containsExactly("prom-token");
    }

    private static Set<String> credentialsSelects(Class<?> form) throws IOException {
        String jelly = form.getSuperclass() == CanaryStep.class
                ? read(CanaryStep.class, "common.jelly")
                : read(form, "config.jelly");
        Set<String> fields = new TreeSet<>();
        Matcher m = CREDENTIALS_SELECT.matcher(jelly);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    /** Constructor parameters and setters, as the Snippet Generator sees them. */
    private static Set<String> parameters(Class<?> step) {
        Set<String> names = new TreeSet<>();
        for (Constructor<?> c : step.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    assertThat(p.isNamePresent())
                            .as("compiled with -parameters")
                            .isTrue();
                    names.add(p.getName());
                }
            }
        }
        for (Method m : step.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                names.add(property(m));
            }
        }
        return names;
    }

    /** Fields of the step's config.jelly and of the pages it includes from its superclasses. */
    private static Set<String> formFields(Class<?> step) throws IOException {
        String jelly = read(step, "config.jelly");
        Set<String> fields = fields(jelly);
        if (jelly.contains("page=\"common.jelly\"")) {
            for (Class<?> c = step.getSuperclass(); c != null; c = c.getSuperclass()) {
                if (resource(c, "common.jelly") != null) {
                    fields.addAll(fields(read(c, "common.jelly")));
                }
            }
        }
        return fields;
    }

    private static Set<String> fields(String jelly) {
        Set<String> fields = new TreeSet<>();
        Matcher m = FIELD.matcher(jelly);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    private static String property(Method setter) {
        String n = setter.getName().substring("set".length());
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    /** Jenkins looks a help file up on the class and then its superclasses. */
    private static boolean inherited(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (resource(c, name) != null) {
                return true;
            }
        }
        return false;
    }

    private static java.net.URL resource(Class<?> type, String name) {
        return type.getResource(type.getSimpleName() + "/" + name);
    }

    private static String read(Class<?> type, String name) throws IOException {
        java.net.URL url = resource(type, name);
        assertThat(url).as(type.getSimpleName() + "/" + name).isNotNull();
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
