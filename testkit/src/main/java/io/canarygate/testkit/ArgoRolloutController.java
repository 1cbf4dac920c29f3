package io.canarygate.testkit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Argo Rollouts controller for canary Rollouts ({@code argoproj.io/v1alpha1}) on the mock API server, with
 * the status fields and transitions Argo writes (github.com/argoproj/argo-rollouts, {@code RolloutStatus}). Every 25
 * ms it reads each Rollout and, when its status is stale, writes a new one (optimistically locked on the
 * resourceVersion, so it never undoes a change made meanwhile: it reads again on the next tick):
 *
 * <ul>
 *   <li>first seen: the template is the stable ReplicaSet ({@code stableRS = currentPodHash}), phase Healthy;
 *   <li>a new template: {@code currentPodHash} changes, the update starts at step 0; the template of the stable
 *       ReplicaSet again: phase Healthy at once (a rollback), {@code abort} cleared;
 *   <li>in flight: {@code setWeight} steps run until a {@code pause: {}}, where it holds ({@code pauseConditions},
 *       phase Paused) until they are cleared; after the last step, or with {@code promoteFull}, the new ReplicaSet
 *       becomes stable; {@code abort} makes it Degraded with weight 0, as Argo does; {@code abort} cleared again (a
 *       retry) starts the update over at step 0.
 * </ul>
 *
 * Fault hooks: {@link #degrade(String)} makes the update in flight Degraded (canary pods that never become ready);
 * {@link #freeze()} stops reconciling (a controller that is down), {@link #thaw()} starts it again.
 */
public final class ArgoRolloutController implements AutoCloseable {
    public static final ResourceDefinitionContext ROLLOUT = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Rollout")
            .withPlural("rollouts")
            .withNamespaced(true)
            .build();

    /** Canary steps that hold at 10, 50 and 80%: each {@code setWeight} followed by an indefinite pause. */
    public static final List<Map<String, Object>> HOLDING_STEPS = List.of(
            Map.of("setWeight", 10),
            Map.of("pause", Map.of()),
            Map.of("setWeight", 50),
            Map.of("pause", Map.of()),
            Map.of("setWeight", 80),
            Map.of("pause", Map.of()));

    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private volatile String degraded;
    private volatile boolean frozen;

    private ArgoRolloutController(KubernetesClient client) {
        this.client = client;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mock-argo-rollouts-controller");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, 25, TimeUnit.MILLISECONDS);
    }

    /** Starts playing the controller for every Rollout the client can see. */
    public static ArgoRolloutController start(KubernetesClient client) {
        return new ArgoRolloutController(client);
    }

    /**
     * Creates a canary Rollout {@code namespace/name} with one container {@code app} running {@code image}, and the
     * steps given (e.g. {@code setWeight: 10, pause: {}, ...}).
     */
    public static GenericKubernetesResource createRollout(
            KubernetesClient client,
            String namespace,
            String name,
            String image,
            int replicas,
            List<Map<String, Object>> steps) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("argoproj.io/v1alpha1");
        r.setKind("Rollout");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        r.setMetadata(meta);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        spec.put("selector", Map.of("matchLabels", Map.of("app", name)));
        spec.put(
                "template",
                Map.of(
                        "metadata",
                        Map.of("labels", Map.of("app", name)),
                        "spec",
                        Map.of("containers", List.of(Map.of("name", "app", "image", image)))));
        spec.put("strategy", Map.of("canary", Map.of("steps", steps)));
        r.setAdditionalProperty("spec", spec);
        return client.genericKubernetesResources(ROLLOUT)
                .inNamespace(namespace)
                .resource(r)
                .create();
    }

    /** From now on, an update in flight becomes Degraded with {@code message}. */
    public void degrade(String message) {
        this.degraded = message;
    }

    /** Stops reconciling: status stays as it is. */
    public void freeze() {
        this.frozen = true;
    }

    /** Reconciles again after {@link #freeze()}. */
    public void thaw() {
        this.frozen = false;
    }

    private void tick() {
        if (frozen) {
            return;
        }
        try {
            for (GenericKubernetesResource r : client.genericKubernetesResources(ROLLOUT)
                    .inAnyNamespace()
                    .list()
                    .getItems()) {
                reconcile(r);
            }
        } catch (KubernetesClientException e) {
            // A conflict or a closed server: the next tick reads again.
        } catch (RuntimeException e) {
            // Keep playing: a test's odd object must not stop the controller for the others.
        }
    }

    @SuppressWarnings("unchecked")
    private void reconcile(GenericKubernetesResource r) {
        Map<String, Object> spec =
                (Map<String, Object>) r.getAdditionalProperties().get("spec");
        if (spec == null || !(spec.get("template") instanceof Map<?, ?> template)) {
            return;
        }
        List<Map<String, Object>> steps = spec.get("strategy") instanceof Map<?, ?> strategy
                        && strategy.get("canary") instanceof Map<?, ?> canary
                        && canary.get("steps") instanceof List<?> l
                ? (List<Map<String, Object>>) l
                : List.of();
        int replicas = spec.get("replicas") instanceof Number n ? n.intValue() : 1;
        String hash = Integer.toHexString(template.toString().hashCode());
        Map<String, Object> before =
                r.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> st = new LinkedHashMap<>(before);

        if (st.get("stableRS") == null) {
            st.put("stableRS", hash);
            st.put("currentPodHash", hash);
            st.put("currentStepIndex", steps.size());
        } else if (!hash.equals(st.get("currentPodHash"))) {
            st.put("currentPodHash", hash);
            st.remove("pauseConditions");
            st.remove("abort");
            st.remove("promoteFull");
            st.remove("message");
            st.put("currentStepIndex", hash.equals(st.get("stableRS")) ? steps.size() : 0);
        }
        if (!Boolean.TRUE.equals(st.get("abort"))
                && String.valueOf(st.get("message")).startsWith("RolloutAborted")) {
            // kubectl argo rollouts retry: abort cleared on an aborted update, which starts again at step 0.
            st.remove("message");
            st.put("currentStepIndex", 0);
        }
        int weight = 100;
        if (!hash.equals(st.get("stableRS"))) {
            int index = st.get("currentStepIndex") instanceof Number n ? n.intValue() : 0;
            weight = 0;
            for (int i = 0; i < Math.min(index, steps.size()); i++) {
                if (steps.get(i).get("setWeight") instanceof Number w) {
                    weight = w.intValue();
                }
            }
            if (Boolean.TRUE.equals(st.get("abort"))) {
                st.put("phase", "Degraded");
                st.put("message", "RolloutAborted: Rollout aborted update to revision " + hash);
                st.remove("pauseConditions");
                weight = 0;
            } else if (degraded != null) {
                st.put("phase", "Degraded");
                st.put("message", degraded);
            } else if (Boolean.TRUE.equals(st.get("promoteFull"))) {
                promoted(st, hash, steps);
                weight = 100;
            } else if (st.get("pauseConditions") instanceof List<?> p && !p.isEmpty()) {
                st.put("phase", "Paused");
                st.put("message", "CanaryPauseStep");
            } else {
                while (index < steps.size()) {
                    Map<String, Object> step = steps.get(index);
                    if (step.get("setWeight") instanceof Number w) {
                        weight = w.intValue();
                        index++;
                    } else if (step.get("pause") instanceof Map<?, ?>) {
                        st.put(
                                "pauseConditions",
                                List.of(Map.of(
                                        "reason",
                                        "CanaryPauseStep",
                                        "startTime",
                                        Instant.now().toString())));
                        st.put("phase", "Paused");
                        st.put("message", "CanaryPauseStep");
                        break;
                    } else {
                        index++;
                    }
                }
                st.put("currentStepIndex", index);
                if (index >= steps.size()) {
                    promoted(st, hash, steps);
                    weight = 100;
                } else if (!(st.get("pauseConditions") instanceof List<?>)) {
                    st.put("phase", "Progressing");
                }
            }
        }
        if (hash.equals(st.get("stableRS"))) {
            st.put("phase", "Healthy");
            st.remove("message");
            st.remove("abort");
            st.remove("pauseConditions");
            weight = 100;
        }
        int updated = weight >= 100 ? replicas : (int) Math.ceil(replicas * weight / 100.0);
        st.put("replicas", replicas);
        st.put("readyReplicas", replicas);
        st.put("availableReplicas", replicas);
        st.put("updatedReplicas", updated);
        if (Objects.equals(new LinkedHashMap<>(before), st)) {
            return;
        }
        r.setAdditionalProperty("status", st);
        client.genericKubernetesResources(ROLLOUT)
                .inNamespace(r.getMetadata().getNamespace())
                .resource(r)
                .update();
    }

    private static void promoted(Map<String, Object> st, String hash, List<Map<String, Object>> steps) {
        st.put("stableRS", hash);
        st.put("currentStepIndex", steps.size());
        st.remove("promoteFull");
        st.remove("pauseConditions");
    }

    /** The status Argo reports for {@code namespace/name}, for assertions. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> status(String namespace, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ROLLOUT)
                .inNamespace(namespace)
                .withName(name)
                .get();
        Object s = r == null ? null : r.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : Map.of();
    }

    /** The images of the Rollout's pod template, container by container. */
    @SuppressWarnings("unchecked")
    public List<String> images(String namespace, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ROLLOUT)
                .inNamespace(namespace)
                .withName(name)
                .get();
        Map<String, Object> spec =
                (Map<String, Object>) r.getAdditionalProperties().get("spec");
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        List<Map<String, Object>> containers =
                (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers");
        List<String> images = new ArrayList<>();
        containers.forEach(c -> images.add(String.valueOf(c.get("image"))));
        return images;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
