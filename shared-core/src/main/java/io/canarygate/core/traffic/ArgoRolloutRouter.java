package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Json;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives an existing Argo Rollout ({@code traffic.router: argo-rollout}, {@code argoproj.io/v1alpha1}): Canary Gate
 * judges, Argo executes. The Rollout's canary steps are the weights Canary Gate may set: {@code setWeight(w)} moves the
 * Rollout to its {@code setWeight: w} step the way {@code kubectl argo rollouts promote --skip-current-step} moves it
 * one step (clear {@code status.pauseConditions}, set {@code status.currentStepIndex}, {@code spec.paused: false});
 * Argo applies the weight with its own traffic router and stops at the {@code pause: {}} that must follow.
 * {@link #setWeight} 0 is {@link #abort} ({@code status.abort: true}, as {@code kubectl argo rollouts abort}); 100 is
 * {@link #promote} ({@code status.promoteFull: true}, as {@code promote --full}).
 *
 * <p>Argo owns the pods: {@link #canaryReplicas} is 0 and {@link #prepare}/{@link #remove} create and delete nothing.
 * The new version reaches the Rollout the way Argo expects (its pod template changed by the pipeline or GitOps);
 * {@link #setImages} changes the template's images, as {@code kubectl argo rollouts set image} does; the engine's
 * deploy, promote and rollback drive a Rollout through it and the methods above (see ArgoRolloutFlow).
 */
public final class ArgoRolloutRouter implements TrafficRouter {
    static final ResourceDefinitionContext ROLLOUT = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Rollout")
            .withPlural("rollouts")
            .withNamespaced(true)
            .build();

    private static final String FIELD = "traffic.argoRollout.rollout";

    private final KubernetesClient kube;
    private final RouterSpec.ArgoRollout spec;

    public ArgoRolloutRouter(KubernetesClient kube, RouterSpec.ArgoRollout spec) {
        this.kube = kube;
        this.spec = spec;
    }

    @Override
    public String kind() {
        return "argo-rollout";
    }

    /**
     * The Rollout exists, uses canary steps, and every {@code setWeight} step but the last is followed by an
     * indefinite {@code pause: {}}: without it Argo moves on by itself while Canary Gate is still judging.
     */
    @Override
    public void check(CanaryTarget target) {
        GenericKubernetesResource rollout = rollout(target);
        containers(rollout, target);
        List<Map<String, Object>> steps = steps(rollout, target);
        for (int i = 0; i < steps.size(); i++) {
            Integer w = setWeight(steps.get(i));
            if (w == null || w >= 100 || i == steps.size() - 1) {
                continue;
            }
            Map<String, Object> next = steps.get(i + 1);
            if (!(next.get("pause") instanceof Map<?, ?> pause) || pause.get("duration") != null) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": step " + i + " of Rollout \"" + spec.rollout() + "\" (setWeight: " + w
                                + ") is not followed by an indefinite pause; add - pause: {} after it, so that the"
                                + " Rollout holds each weight until Canary Gate has judged it");
            }
        }
    }

    @Override
    public void prepare(CanaryTarget target) {
        check(target);
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        if (weight <= 0) {
            abort(target);
            return;
        }
        if (weight >= 100) {
            promote(target);
            return;
        }
        GenericKubernetesResource rollout = rollout(target);
        List<Map<String, Object>> steps = steps(rollout, target);
        int index = -1;
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Integer w = setWeight(steps.get(i));
            if (w != null) {
                weights.add(w);
                if (w == weight && index < 0) {
                    index = i;
                }
            }
        }
        if (index < 0) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": Rollout \"" + spec.rollout() + "\" has no setWeight: " + weight + " step (its steps set "
                            + weights + "); make the weights of canary.yaml's steps those of the Rollout's steps");
        }
        Map<String, Object> status = status(rollout);
        Integer current = integer(status.get("currentStepIndex"));
        boolean aborted = Boolean.TRUE.equals(status.get("abort"));
        if (!aborted && current != null && (current == index || current == index + 1)) {
            return;
        }
        patchStatus(
                target, "{\"status\":{\"abort\":false,\"pauseConditions\":null,\"currentStepIndex\":" + index + "}}");
        unpause(target, rollout);
    }

    /** Aborts the update in flight (weight back to 0 on stable), as {@code kubectl argo rollouts abort}. */
    public void abort(CanaryTarget target) {
        GenericKubernetesResource rollout = find(target);
        if (rollout == null || Boolean.TRUE.equals(status(rollout).get("abort")) || !inFlight(rollout)) {
            return;
        }
        patchStatus(target, "{\"status\":{\"abort\":true}}");
    }

    /** Retries an aborted update from its first step, as {@code kubectl argo rollouts retry rollout}. */
    public void retry(CanaryTarget target) {
        patchStatus(target, "{\"status\":{\"abort\":false}}");
    }

    /** Skips the remaining steps and makes the canary the new stable, as {@code kubectl argo rollouts promote --full}. */
    public void promote(CanaryTarget target) {
        GenericKubernetesResource rollout = rollout(target);
        if (!Boolean.TRUE.equals(status(rollout).get("promoteFull"))) {
            patchStatus(target, "{\"status\":{\"abort\":false,\"promoteFull\":true}}");
        }
        unpause(target, rollout);
    }

    /**
     * The index of the {@code setWeight: weight} step that Canary Gate's deploy may stop at: one followed by an
     * indefinite pause (after the last step Argo finishes the Rollout by itself, which is promotion).
     *
     * @throws CanaryGateException INVALID_INPUT naming the Rollout's step weights
     */
    public int holdingStep(CanaryTarget target, int weight) {
        List<Map<String, Object>> steps = steps(rollout(target), target);
        List<Integer> holding = new ArrayList<>();
        int index = -1;
        for (int i = 0; i + 1 < steps.size(); i++) {
            Integer w = setWeight(steps.get(i));
            if (w != null
                    && w < 100
                    && steps.get(i + 1).get("pause") instanceof Map<?, ?> p
                    && p.get("duration") == null) {
                holding.add(w);
                if (w == weight && index < 0) {
                    index = i;
                }
            }
        }
        if (index < 0) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "weight: \"" + weight + "\" is not a step Rollout \"" + spec.rollout() + "\" holds at (it pauses"
                            + " after setWeight " + holding + "); make the weights of canary.yaml's steps those of the"
                            + " Rollout's setWeight steps that a pause: {} follows");
        }
        return index;
    }

    /** What Argo reports about the Rollout, and its pod template's images. */
    public RolloutState state(CanaryTarget target) {
        GenericKubernetesResource rollout = rollout(target);
        Map<String, Object> status = status(rollout);
        Map<String, String> images = new java.util.LinkedHashMap<>();
        for (Map<String, Object> c : containers(rollout, target)) {
            images.put(String.valueOf(c.get("name")), String.valueOf(c.get("image")));
        }
        Object specReplicas =
                rollout.getAdditionalProperties().get("spec") instanceof Map<?, ?> sp ? sp.get("replicas") : null;
        boolean paused = status.get("pauseConditions") instanceof List<?> l && !l.isEmpty();
        return new RolloutState(
                text(status.get("phase")),
                text(status.get("message")),
                text(status.get("currentPodHash")),
                text(status.get("stableRS")),
                integer(status.get("currentStepIndex")),
                Boolean.TRUE.equals(status.get("abort")),
                paused,
                specReplicas == null ? 1 : integer(specReplicas),
                orZero(status.get("readyReplicas")),
                orZero(status.get("updatedReplicas")),
                images,
                Optional.ofNullable(rollout.getMetadata().getAnnotations())
                        .map(a -> a.get("rollout.argoproj.io/revision"))
                        .orElse(String.valueOf(rollout.getMetadata().getGeneration())));
    }

    /**
     * Sets the images of the Rollout's pod template, as {@code kubectl argo rollouts set image} does: Argo starts an
     * update towards them (or, for the stable images, goes back to the stable ReplicaSet). Writes nothing when the
     * template already has them.
     */
    public void setImages(CanaryTarget target, Map<String, String> images) {
        List<Map<String, Object>> containers = containers(rollout(target), target);
        com.fasterxml.jackson.databind.node.ArrayNode patch = Json.mapper().createArrayNode();
        for (int i = 0; i < containers.size(); i++) {
            String want = images.get(String.valueOf(containers.get(i).get("name")));
            if (want != null && !want.equals(containers.get(i).get("image"))) {
                patch.add(Json.mapper()
                        .createObjectNode()
                        .put("op", "replace")
                        .put("path", "/spec/template/spec/containers/" + i + "/image")
                        .put("value", want));
            }
        }
        if (patch.isEmpty()) {
            return;
        }
        KubeCalls.run("set image of Rollout " + target.namespace() + "/" + spec.rollout(), () -> resource(target)
                .patch(PatchContext.of(PatchType.JSON), patch.toString()));
    }

    /**
     * A Rollout as Argo reports it.
     *
     * @param phase Healthy, Progressing, Paused or Degraded ("" before Argo has seen it)
     * @param currentPodHash the pod template's hash; differs from {@code stableRS} while an update is in flight
     * @param currentStepIndex the step Argo stands at (null before it has started one)
     * @param paused whether Argo holds at a pause ({@code status.pauseConditions})
     * @param images container → image of the pod template
     * @param revision Argo's revision annotation, or the generation
     */
    public record RolloutState(
            String phase,
            String message,
            String currentPodHash,
            String stableRS,
            Integer currentStepIndex,
            boolean aborted,
            boolean paused,
            int desired,
            int ready,
            int updated,
            Map<String, String> images,
            String revision) {
        /** An update is in flight while the pod template's hash differs from the stable ReplicaSet's. */
        public boolean inFlight() {
            return currentPodHash.isEmpty() || stableRS.isEmpty() || !currentPodHash.equals(stableRS);
        }

        /** Argo reports the same pod hash, step and phase as in {@code other}: nothing has happened in between. */
        public boolean sameReportAs(RolloutState other) {
            return currentPodHash.equals(other.currentPodHash)
                    && java.util.Objects.equals(currentStepIndex, other.currentStepIndex)
                    && phase.equals(other.phase);
        }

        /** Argo has given up on the update (an abort, or pods that did not become ready in time). */
        public boolean degraded() {
            return "Degraded".equals(phase);
        }

        /** One line for progress output. */
        public String describe() {
            return (phase.isEmpty() ? "not yet reconciled" : phase)
                    + (currentStepIndex == null ? "" : ", step " + currentStepIndex)
                    + (inFlight() ? ", " + updated + "/" + desired + " pods updated" : "")
                    + (message.isEmpty() ? "" : " (" + message + ")");
        }
    }

    /**
     * {@code status.canary.weights.canary.weight} when Argo reports it (traffic-routed canaries); otherwise the weight of
     * the last {@code setWeight} step before {@code status.currentStepIndex}. 0 when aborted or nothing is in flight.
     */
    @Override
    public int weight(CanaryTarget target) {
        GenericKubernetesResource rollout = find(target);
        if (rollout == null) {
            return 0;
        }
        Map<String, Object> status = status(rollout);
        if (Boolean.TRUE.equals(status.get("abort")) || !inFlight(rollout)) {
            return 0;
        }
        if (status.get("canary") instanceof Map<?, ?> canary
                && canary.get("weights") instanceof Map<?, ?> weights
                && weights.get("canary") instanceof Map<?, ?> c
                && integer(c.get("weight")) != null) {
            return integer(c.get("weight"));
        }
        Integer current = integer(status.get("currentStepIndex"));
        if (current == null) {
            return 0;
        }
        List<Map<String, Object>> steps = steps(rollout, target);
        int w = 0;
        for (int i = 0; i < Math.min(current, steps.size()); i++) {
            Integer s = setWeight(steps.get(i));
            if (s != null) {
                w = s;
            }
        }
        return w;
    }

    @Override
    public void remove(CanaryTarget target) {
        // Argo owns every canary-side object; an aborted or promoted Rollout needs nothing removed.
    }

    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        return 0;
    }

    /** An update is in flight while the pod template's hash differs from the stable ReplicaSet's. */
    private static boolean inFlight(GenericKubernetesResource rollout) {
        Map<String, Object> status = status(rollout);
        Object current = status.get("currentPodHash");
        Object stable = status.get("stableRS");
        return current == null || stable == null || !current.equals(stable);
    }

    private void unpause(CanaryTarget target, GenericKubernetesResource rollout) {
        if (rollout.getAdditionalProperties().get("spec") instanceof Map<?, ?> s
                && Boolean.TRUE.equals(s.get("paused"))) {
            KubeCalls.run("unpause Rollout " + target.namespace() + "/" + spec.rollout(), () -> resource(target)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"paused\":false}}"));
        }
    }

    private void patchStatus(CanaryTarget target, String patch) {
        KubeCalls.run(
                "patch status of Rollout " + target.namespace() + "/" + spec.rollout(),
                () -> resource(target).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    private GenericKubernetesResource rollout(CanaryTarget target) {
        GenericKubernetesResource rollout = find(target);
        if (rollout == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": \"" + spec.rollout() + "\" not found in namespace \"" + target.namespace()
                            + "\"; name the Argo Rollout (argoproj.io/v1alpha1) to drive (kubectl get rollouts -n "
                            + target.namespace() + ")");
        }
        return rollout;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> steps(GenericKubernetesResource rollout, CanaryTarget target) {
        Object s = rollout.getAdditionalProperties().get("spec");
        if (s instanceof Map<?, ?> spec
                && spec.get("strategy") instanceof Map<?, ?> strategy
                && strategy.get("canary") instanceof Map<?, ?> canary
                && canary.get("steps") instanceof List<?> steps
                && !steps.isEmpty()) {
            return (List<Map<String, Object>>) steps;
        }
        throw new CanaryGateException(
                Kind.INVALID_INPUT,
                FIELD + ": Rollout \"" + this.spec.rollout() + "\" in namespace \"" + target.namespace()
                        + "\" has no spec.strategy.canary.steps; Canary Gate moves a Rollout between its setWeight"
                        + " steps, so give it steps such as [{setWeight: 10}, {pause: {}}, {setWeight: 50}, {pause:"
                        + " {}}]");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> containers(GenericKubernetesResource rollout, CanaryTarget target) {
        if (rollout.getAdditionalProperties().get("spec") instanceof Map<?, ?> s
                && s.get("template") instanceof Map<?, ?> template
                && template.get("spec") instanceof Map<?, ?> pod
                && pod.get("containers") instanceof List<?> containers
                && !containers.isEmpty()) {
            return (List<Map<String, Object>>) containers;
        }
        throw new CanaryGateException(
                Kind.INVALID_INPUT,
                FIELD + ": Rollout \"" + spec.rollout() + "\" in namespace \"" + target.namespace()
                        + "\" has no spec.template with containers (a Rollout with workloadRef keeps its pod template in"
                        + " a Deployment); give the Rollout its own template, whose image Canary Gate sets");
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static int orZero(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static Integer setWeight(Map<String, Object> step) {
        return integer(step.get("setWeight"));
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource rollout) {
        Object s = rollout.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private GenericKubernetesResource find(CanaryTarget target) {
        return KubeCalls.call("get Rollout " + target.namespace() + "/" + spec.rollout(), () -> resource(target)
                .get());
    }

    private Resource<GenericKubernetesResource> resource(CanaryTarget target) {
        return kube.genericKubernetesResources(ROLLOUT)
                .inNamespace(target.namespace())
                .withName(spec.rollout());
    }
}
