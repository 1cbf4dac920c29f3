package io.canarygate.core.kube;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Durations;
import io.canarygate.core.spec.TargetSpec;
import io.canarygate.core.time.Scheduler;
import io.canarygate.core.traffic.CanaryTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Workload operations on the fabric8 client: read the stable Deployment, create the canary Deployment from it (same pod
 * spec, new images, a role label), wait until ready, scale, roll the stable one to new images at promotion, delete.
 * Uses JSON merge patches and JSON patches only (no server-side apply, no strategic merge); a Deployment is never
 * PUT, so a status written meanwhile by the controller is never overwritten.
 *
 * <p>The canary Deployment {@code <stable>-canary} carries the stable pod template plus two labels,
 * {@code canarygate.io/rollout: <rollout>} and {@code canarygate.io/role: canary}, on itself, its selector and its pods.
 * Its selector therefore differs from the stable one, so the two Deployments never adopt each other's pods, while a
 * Service that selects the stable pods (e.g. {@code app: checkout}) also selects the canary's. It has no owner
 * reference to the stable Deployment, so edits of the stable one never cascade to it.
 */
public final class Workloads {
    /** Label on canary pods and the canary Deployment: {@code canarygate.io/role: canary}. */
    public static final String ROLE_LABEL = "canarygate.io/role";
    /** Label naming the rollout on every object Canary Gate creates. */
    public static final String ROLLOUT_LABEL = "canarygate.io/rollout";
    /** Value of {@link #ROLE_LABEL} on canary objects. */
    public static final String CANARY_ROLE = "canary";
    /** Annotation on the canary Deployment naming the stable Deployment it was derived from. */
    public static final String STABLE_ANNOTATION = "canarygate.io/stable";
    /** Suffix of the canary Deployment's name. */
    public static final String CANARY_SUFFIX = "-canary";

    /** First gap between two readiness checks; it doubles up to {@link #MAX_POLL}. */
    static final Duration FIRST_POLL = Duration.ofMillis(100);

    static final Duration MAX_POLL = Duration.ofSeconds(2);

    private final KubernetesClient kube;

    public Workloads(KubernetesClient kube) {
        this.kube = kube;
    }

    /**
     * The user's Deployment.
     *
     * @throws io.canarygate.core.CanaryGateException INVALID_INPUT naming namespace and name when it does not exist
     */
    public Deployment stable(String namespace, String name) {
        Deployment d = get(namespace, name);
        if (d == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "target.deployment: \"" + name + "\" not found in namespace \"" + namespace
                            + "\"; check the name and namespace (kubectl get deploy -n " + namespace + ")");
        }
        return d;
    }

    /**
     * The objects this rollout works on; the canary is {@code <stable>-canary}, its pods carry the stable pod
     * template's labels with {@code canaryLabels} put over them, and the two canary labels.
     */
    public CanaryTarget target(String rollout, Deployment stable, Map<String, String> canaryLabels) {
        Map<String, String> podLabels = new LinkedHashMap<>(templateLabels(stable));
        podLabels.putAll(canaryLabels);
        podLabels.putAll(canaryLabels(rollout));
        return new CanaryTarget(
                stable.getMetadata().getNamespace(),
                rollout,
                stable.getMetadata().getName(),
                stable.getMetadata().getName() + CANARY_SUFFIX,
                podLabels);
    }

    /**
     * Checks {@code target.canaryLabels} against the stable Deployment before anything changes: a label its selector
     * matches stays as it is, so the canary remains a copy of its pods and the canary's own selector never has to
     * change (a Deployment's selector cannot).
     *
     * @throws io.canarygate.core.CanaryGateException INVALID_INPUT naming the label, both values and the fix
     */
    public static void checkCanaryLabels(Deployment stable, Map<String, String> canaryLabels) {
        Map<String, String> selector = selectorLabels(stable);
        for (Map.Entry<String, String> e : canaryLabels.entrySet()) {
            String matched = selector.get(e.getKey());
            if (matched != null && !matched.equals(e.getValue())) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "target.canaryLabels." + e.getKey() + ": \"" + e.getValue() + "\" changes a label the selector"
                                + " of deployment " + stable.getMetadata().getNamespace() + "/"
                                + stable.getMetadata().getName() + " matches (" + e.getKey() + "=" + matched
                                + "); set a label the selector does not use, e.g. track: canary beside track: stable"
                                + " in the stable pod template");
            }
        }
    }

    /** The two labels that mark an object as this rollout's canary. */
    public static Map<String, String> canaryLabels(String rollout) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ROLLOUT_LABEL, rollout);
        labels.put(ROLE_LABEL, CANARY_ROLE);
        return labels;
    }

    /**
     * Container → new image, checked against the stable pod spec.
     *
     * @throws io.canarygate.core.CanaryGateException INVALID_INPUT when a container is unknown, or no container was
     *     named and the pod has several
     */
    public Map<String, String> resolveImages(Deployment stable, List<TargetSpec.ContainerImage> images) {
        return resolveImages(
                "deployment " + stable.getMetadata().getNamespace() + "/"
                        + stable.getMetadata().getName(),
                containers(stable).stream().map(Container::getName).toList(),
                images);
    }

    /**
     * Container → new image, checked against the containers of a pod template ({@code where} names its owner in
     * errors, e.g. {@code rollout shop/checkout}).
     */
    public static Map<String, String> resolveImages(
            String where, List<String> containers, List<TargetSpec.ContainerImage> images) {
        if (images.isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "target.image: missing; name the canary's new image, e.g. target.image: repo/app:1.2.3");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            TargetSpec.ContainerImage ci = images.get(i);
            String container = ci.container();
            if (container == null || container.isBlank()) {
                if (containers.size() != 1) {
                    throw new CanaryGateException(
                            Kind.INVALID_INPUT,
                            "target.image: " + where + " has " + containers.size() + " containers ("
                                    + String.join(", ", containers)
                                    + "), so say which one runs the new image: images: [{container: "
                                    + (containers.isEmpty() ? "app" : containers.get(0)) + ", image: " + ci.image()
                                    + "}]");
                }
                container = containers.get(0);
            } else if (!containers.contains(container)) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "target.images[" + i + "].container: \"" + container + "\" is not a container of " + where
                                + "; its containers are " + String.join(", ", containers));
            }
            if (ci.image() == null || ci.image().isBlank()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "target.images[" + i + "].image: missing; write the image reference, e.g. repo/app:1.2.3");
            }
            if (resolved.put(container, ci.image()) != null) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "target.images[" + i + "].container: \"" + container
                                + "\" is named twice; give each container one image");
            }
        }
        return resolved;
    }

    /** Container → image of {@code deployment}'s pod template. */
    public Map<String, String> images(Deployment deployment) {
        Map<String, String> images = new LinkedHashMap<>();
        for (Container c : containers(deployment)) {
            images.put(c.getName(), c.getImage());
        }
        return images;
    }

    /** Desired and ready replicas; {@code (0, 0)} when the Deployment does not exist. */
    public Readiness readiness(String namespace, String name) {
        Deployment d = get(namespace, name);
        if (d == null) {
            return new Readiness(0, 0);
        }
        return new Readiness(
                desired(d), orZero(d.getStatus() == null ? null : d.getStatus().getReadyReplicas()));
    }

    /** Creates the canary Deployment from {@code stable} with {@code images} and {@code replicas}, or updates it. */
    public void ensureCanary(CanaryTarget target, Deployment stable, Map<String, String> images, int replicas) {
        Deployment existing = canary(target);
        if (existing == null) {
            Deployment fresh = canaryFrom(target, stable, images, replicas);
            try {
                kube.apps()
                        .deployments()
                        .inNamespace(target.namespace())
                        .resource(fresh)
                        .create();
                return;
            } catch (KubernetesClientException e) {
                if (!KubeCalls.isConflict(e)) {
                    throw KubeCalls.failure("create deployment " + name(target), e);
                }
                // Created meanwhile (a re-run racing itself): fall through and update it.
                existing = canary(target);
                if (existing == null) {
                    throw KubeCalls.failure("create deployment " + name(target), e);
                }
            }
        }
        // The canary may be left from an earlier rollout (scaled to 0 at rollback) while the stable one changed since:
        // bring the whole spec in line, not just images and replicas. The selector is immutable and stays.
        DeploymentSpec wanted = canaryFrom(target, stable, images, replicas).getSpec();
        wanted.setSelector(existing.getSpec().getSelector());
        if (wanted.equals(existing.getSpec())) {
            return;
        }
        edit("update deployment " + name(target), target.namespace(), target.canaryDeployment(), d -> {
            DeploymentSpec spec = kube.getKubernetesSerialization().clone(wanted);
            spec.setSelector(d.getSpec().getSelector());
            d.setSpec(spec);
            return d;
        });
    }

    /** Scales the canary Deployment (no-op when it does not exist and {@code replicas} is 0). */
    public void scaleCanary(CanaryTarget target, int replicas) {
        scaleCanary(target, replicas, Map.of());
    }

    /**
     * Scales the canary Deployment and sets {@code annotations} on it in one merge patch (no-op when it does not exist
     * and {@code replicas} is 0, or when it already stands so).
     */
    public void scaleCanary(CanaryTarget target, int replicas, Map<String, String> annotations) {
        Deployment existing = canary(target);
        if (existing == null) {
            if (replicas == 0) {
                return;
            }
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "deployment " + name(target) + " does not exist, so it cannot be scaled to " + replicas
                            + "; re-run deploy to create it");
        }
        Map<String, String> current = orEmpty(existing.getMetadata().getAnnotations());
        if (desired(existing) == replicas && current.entrySet().containsAll(annotations.entrySet())) {
            return;
        }
        Map<String, Object> patch =
                Map.of("metadata", Map.of("annotations", annotations), "spec", Map.of("replicas", replicas));
        String json = kube.getKubernetesSerialization().asJson(patch);
        KubeCalls.run("scale deployment " + name(target) + " to " + replicas, () -> deployment(
                        target.namespace(), target.canaryDeployment())
                .patch(PatchContext.of(PatchType.JSON_MERGE), json));
    }

    /** Sets container images on {@code deployment} (promotion, or restoring the stable images). */
    public void setImages(String namespace, String deployment, Map<String, String> images) {
        Deployment d = stable(namespace, deployment);
        Map<String, String> current = images(d);
        for (String container : images.keySet()) {
            if (!current.containsKey(container)) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "target.images: container \"" + container + "\" is not in deployment " + namespace + "/"
                                + deployment + "; its containers are " + String.join(", ", current.keySet()));
            }
        }
        if (current.entrySet().containsAll(images.entrySet())) {
            return;
        }
        edit("set images of deployment " + namespace + "/" + deployment, namespace, deployment, x -> {
            setContainerImages(x, images);
            return x;
        });
    }

    /**
     * A JSON patch computed from the latest version; the patch carries its resourceVersion, so a status the
     * controller wrote meanwhile makes it a 409: {@link KubeCalls#edit} reads again and retries (a real controller
     * writes status all the time).
     */
    private void edit(String what, String namespace, String name, java.util.function.UnaryOperator<Deployment> change) {
        KubeCalls.edit(what, () -> deployment(namespace, name).edit(change));
    }

    /** Deletes the canary Deployment (no-op when absent). */
    public void deleteCanary(CanaryTarget target) {
        if (canary(target) == null) {
            return;
        }
        KubeCalls.run(
                "delete deployment " + name(target),
                () -> deployment(target.namespace(), target.canaryDeployment()).delete());
    }

    /**
     * Completes when {@code name} has observed its latest generation and has {@code replicas} updated, ready replicas;
     * polls on {@code scheduler} (no thread waits). Fails with NOT_READY after {@code timeout}, naming the Deployment
     * and its conditions.
     *
     * <p>Checks start 100 ms apart and back off to 2 s. A progress line goes to {@code progress}
     * whenever the ready count changes. A Deployment whose controller reports {@code ProgressDeadlineExceeded} for the
     * current generation fails at once: the controller itself has given up.
     */
    public CompletableFuture<Readiness> awaitReady(
            String namespace,
            String name,
            int replicas,
            Duration timeout,
            Scheduler scheduler,
            Consumer<String> progress) {
        ReadyWait wait =
                new ReadyWait(namespace, name, replicas, scheduler.now().plus(timeout), timeout, scheduler, progress);
        scheduler.schedule(Duration.ZERO, wait::check);
        return wait.result;
    }

    /** One wait for readiness: a chain of scheduled checks. */
    private final class ReadyWait {
        final CompletableFuture<Readiness> result = new CompletableFuture<>();
        private final String namespace;
        private final String name;
        private final int replicas;
        private final Instant deadline;
        private final Duration timeout;
        private final Scheduler scheduler;
        private final Consumer<String> progress;
        private Duration delay = FIRST_POLL;
        private String lastLine;
        private String lastError;

        ReadyWait(
                String namespace,
                String name,
                int replicas,
                Instant deadline,
                Duration timeout,
                Scheduler scheduler,
                Consumer<String> progress) {
            this.namespace = namespace;
            this.name = name;
            this.replicas = replicas;
            this.deadline = deadline;
            this.timeout = timeout;
            this.scheduler = scheduler;
            this.progress = progress;
        }

        void check() {
            if (result.isDone()) {
                return;
            }
            try {
                Deployment d = get(namespace, name);
                if (d == null) {
                    result.completeExceptionally(new CanaryGateException(
                            Kind.NOT_READY,
                            "deployment " + namespace + "/" + name + " disappeared while waiting for it to become"
                                    + " ready; someone deleted it, re-run the operation"));
                    return;
                }
                int ready = readyOnLatest(d);
                String line = name + ": " + ready + "/" + replicas + " ready";
                if (!line.equals(lastLine)) {
                    lastLine = line;
                    progress.accept(line);
                }
                if (isReady(d, replicas)) {
                    result.complete(new Readiness(replicas, ready));
                    return;
                }
                if (observedCurrent(d) && deadlineExceeded(d.getStatus())) {
                    result.completeExceptionally(notReady(d, "its progress deadline was exceeded"));
                    return;
                }
                if (!scheduler.now().isBefore(deadline)) {
                    result.completeExceptionally(notReady(d, "not ready after " + Durations.format(timeout)));
                    return;
                }
            } catch (CanaryGateException e) {
                // A failed read is worth another try before the deadline.
                lastError = e.getMessage();
                if (!scheduler.now().isBefore(deadline)) {
                    result.completeExceptionally(new CanaryGateException(
                            Kind.NOT_READY,
                            "deployment " + namespace + "/" + name + " could not be checked within "
                                    + Durations.format(timeout) + ": " + lastError,
                            e));
                    return;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            Duration left = Duration.between(scheduler.now(), deadline);
            Duration next = delay.compareTo(left) < 0 ? delay : left;
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(MAX_POLL) < 0 ? doubled : MAX_POLL;
            scheduler.schedule(next, this::check);
        }

        private CanaryGateException notReady(Deployment d, String why) {
            DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
            StringBuilder b = new StringBuilder("deployment ")
                    .append(namespace)
                    .append('/')
                    .append(name)
                    .append(": ")
                    .append(why)
                    .append(": ready ")
                    .append(orZero(st.getReadyReplicas()))
                    .append('/')
                    .append(replicas)
                    .append(" (updated ")
                    .append(orZero(st.getUpdatedReplicas()))
                    .append(", available ")
                    .append(orZero(st.getAvailableReplicas()))
                    .append(", observed generation ")
                    .append(st.getObservedGeneration() == null ? "none" : st.getObservedGeneration())
                    .append(" of ")
                    .append(d.getMetadata().getGeneration())
                    .append(')');
            List<DeploymentCondition> conditions = st.getConditions() == null ? List.of() : st.getConditions();
            if (conditions.isEmpty()) {
                b.append("; no conditions reported (is the Deployment controller running?)");
            } else {
                b.append("; conditions: ");
                List<String> parts = new ArrayList<>();
                for (DeploymentCondition c : conditions) {
                    String part = c.getType() + "=" + c.getStatus();
                    if (c.getReason() != null) {
                        part += " " + c.getReason();
                    }
                    if (c.getMessage() != null) {
                        part += " (" + c.getMessage() + ")";
                    }
                    parts.add(part);
                }
                b.append(String.join("; ", parts));
            }
            b.append("; check the pods: kubectl describe deploy ")
                    .append(name)
                    .append(" -n ")
                    .append(namespace)
                    .append(" and kubectl get events -n ")
                    .append(namespace);
            return new CanaryGateException(Kind.NOT_READY, b.toString());
        }
    }

    /** The rollout-status test: latest generation observed, enough updated, ready and available, no old pods left. */
    static boolean isReady(Deployment d, int replicas) {
        DeploymentStatus st = d.getStatus();
        if (st == null || !observedCurrent(d)) {
            return false;
        }
        int updated = orZero(st.getUpdatedReplicas());
        return updated >= replicas
                && orZero(st.getReadyReplicas()) >= replicas
                && orZero(st.getAvailableReplicas()) >= replicas
                && orZero(st.getReplicas()) <= updated;
    }

    /**
     * Pods ready on the latest pod template: none until the controller has observed the latest generation (the ready
     * pods are then the old ones), else ready pods up to the updated count.
     */
    static int readyOnLatest(Deployment d) {
        if (!observedCurrent(d)) {
            return 0;
        }
        return Math.min(
                orZero(d.getStatus().getReadyReplicas()), orZero(d.getStatus().getUpdatedReplicas()));
    }

    private static boolean observedCurrent(Deployment d) {
        DeploymentStatus st = d.getStatus();
        Long observed = st == null ? null : st.getObservedGeneration();
        Long generation = d.getMetadata().getGeneration();
        return observed != null && (generation == null || observed >= generation);
    }

    private static boolean deadlineExceeded(DeploymentStatus st) {
        if (st.getConditions() == null) {
            return false;
        }
        return st.getConditions().stream()
                .anyMatch(c -> "Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()));
    }

    /** The canary Deployment, null when absent; CONFLICT when a Deployment of that name is not this rollout's. */
    private Deployment canary(CanaryTarget target) {
        Deployment d = get(target.namespace(), target.canaryDeployment());
        if (d == null) {
            return null;
        }
        Map<String, String> labels =
                d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
        if (!target.rollout().equals(labels.get(ROLLOUT_LABEL))) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "deployment " + name(target) + " exists but is not the canary of rollout " + target.rollout()
                            + " (label " + ROLLOUT_LABEL + " is "
                            + (labels.containsKey(ROLLOUT_LABEL) ? "\"" + labels.get(ROLLOUT_LABEL) + "\"" : "missing")
                            + "); rename or delete it, Canary Gate will not touch a Deployment it did not create");
        }
        return d;
    }

    private Deployment canaryFrom(CanaryTarget target, Deployment stable, Map<String, String> images, int replicas) {
        Deployment copy = kube.getKubernetesSerialization().clone(stable);
        Map<String, String> marks = canaryLabels(target.rollout());

        ObjectMeta meta = new ObjectMeta();
        meta.setName(target.canaryDeployment());
        meta.setNamespace(target.namespace());
        Map<String, String> labels =
                new LinkedHashMap<>(orEmpty(stable.getMetadata().getLabels()));
        labels.putAll(marks);
        meta.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ROLLOUT_LABEL, target.rollout());
        annotations.put(STABLE_ANNOTATION, stable.getMetadata().getName());
        meta.setAnnotations(annotations);
        copy.setMetadata(meta);
        copy.setStatus(null);

        DeploymentSpec spec = copy.getSpec();
        spec.setReplicas(replicas);
        spec.setPaused(null); // a paused stable Deployment must not leave the canary unable to start
        LabelSelector selector = spec.getSelector() == null ? new LabelSelector() : spec.getSelector();
        Map<String, String> match = new LinkedHashMap<>(orEmpty(selector.getMatchLabels()));
        match.putAll(marks);
        selector.setMatchLabels(match);
        spec.setSelector(selector);
        PodTemplateSpec template = spec.getTemplate();
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        template.getMetadata().setLabels(new LinkedHashMap<>(target.canaryPodLabels()));
        setContainerImages(copy, images);
        return copy;
    }

    private static void setContainerImages(Deployment d, Map<String, String> images) {
        for (Container c : containers(d)) {
            String image = images.get(c.getName());
            if (image != null) {
                c.setImage(image);
            }
        }
    }

    private static List<Container> containers(Deployment d) {
        if (d.getSpec() == null
                || d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getSpec() == null
                || d.getSpec().getTemplate().getSpec().getContainers() == null) {
            return List.of();
        }
        return d.getSpec().getTemplate().getSpec().getContainers();
    }

    private static Map<String, String> templateLabels(Deployment d) {
        if (d.getSpec() != null
                && d.getSpec().getTemplate() != null
                && d.getSpec().getTemplate().getMetadata() != null) {
            return orEmpty(d.getSpec().getTemplate().getMetadata().getLabels());
        }
        return Map.of();
    }

    private static Map<String, String> selectorLabels(Deployment d) {
        if (d.getSpec() != null && d.getSpec().getSelector() != null) {
            return orEmpty(d.getSpec().getSelector().getMatchLabels());
        }
        return Map.of();
    }

    private Deployment get(String namespace, String name) {
        return KubeCalls.call("get deployment " + namespace + "/" + name, () -> deployment(namespace, name)
                .get());
    }

    private RollableScalableResource<Deployment> deployment(String namespace, String name) {
        return kube.apps().deployments().inNamespace(namespace).withName(name);
    }

    private static String name(CanaryTarget target) {
        return target.namespace() + "/" + target.canaryDeployment();
    }

    static int desired(Deployment d) {
        Integer r = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** Desired and ready replicas of one Deployment. */
    public record Readiness(int desired, int ready) {}
}
