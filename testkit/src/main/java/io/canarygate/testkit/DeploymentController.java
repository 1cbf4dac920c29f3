package io.canarygate.testkit;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Deployment controller on the mock API server, which runs none. It watches every Deployment; when one's
 * status is stale (generation not observed, or replica counts below spec), it writes, after a delay (default 100 ms),
 * {@code replicas = updatedReplicas = readyReplicas = availableReplicas = spec.replicas},
 * {@code observedGeneration = generation} and the conditions Available=True and Progressing=True
 * (NewReplicaSetAvailable). It writes status with a JSON patch of the status fields only, so it never undoes a spec
 * change made meanwhile.
 *
 * <p>Fault hooks: {@link #neverReady} keeps a Deployment at 0 ready with Progressing=False ProgressDeadlineExceeded;
 * {@link #readyAfter(Duration)} changes the delay.
 */
public final class DeploymentController implements AutoCloseable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssX").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> neverReady = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ofMillis(100);
    private volatile SharedIndexInformer<Deployment> informer;
    private volatile boolean closed;

    DeploymentController(KubernetesClient client) {
        this.client = client;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mock-deployment-controller");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching; called by {@link MockCluster#start()}. */
    synchronized void start() {
        if (informer != null) {
            return;
        }
        informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                consider(d);
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                consider(after);
            }

            @Override
            public void onDelete(Deployment d, boolean unknownFinalState) {
                pending.remove(
                        key(d.getMetadata().getNamespace(), d.getMetadata().getName()));
            }
        });
    }

    /** Every Deployment becomes ready {@code delay} after it changes (default 100 ms). */
    public DeploymentController readyAfter(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** {@code namespace/name} becomes ready {@code delay} after it changes. */
    public DeploymentController readyAfter(String namespace, String name, Duration delay) {
        delays.put(key(namespace, name), delay);
        return this;
    }

    /** {@code namespace/name} never gets a ready pod; the controller reports ProgressDeadlineExceeded. */
    public DeploymentController neverReady(String namespace, String name) {
        neverReady.add(key(namespace, name));
        reconcileNow(namespace, name);
        return this;
    }

    /** Undoes {@link #neverReady}: the Deployment becomes ready as usual. */
    public DeploymentController heal(String namespace, String name) {
        neverReady.remove(key(namespace, name));
        reconcileNow(namespace, name);
        return this;
    }

    /** Whether {@code d} has observed its generation and all its replicas are updated, ready and available. */
    public static boolean isReady(Deployment d) {
        DeploymentStatus st = d.getStatus();
        if (st == null || st.getObservedGeneration() == null) {
            return false;
        }
        int want = replicas(d);
        return st.getObservedGeneration() >= generation(d)
                && orZero(st.getUpdatedReplicas()) >= want
                && orZero(st.getReadyReplicas()) >= want
                && orZero(st.getAvailableReplicas()) >= want;
    }

    private void reconcileNow(String namespace, String name) {
        if (closed || informer == null) {
            return;
        }
        executor.execute(() -> {
            Deployment d = get(namespace, name);
            if (d != null) {
                consider(d);
            }
        });
    }

    private void consider(Deployment d) {
        if (closed) {
            return;
        }
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        String key = key(ns, name);
        if (matches(d.getStatus(), desired(d, neverReady.contains(key)))) {
            return;
        }
        if (!pending.add(key)) {
            return;
        }
        Duration wait = delays.getOrDefault(key, delay);
        executor.schedule(() -> write(ns, name), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void write(String ns, String name) {
        String key = key(ns, name);
        pending.remove(key);
        if (closed) {
            return;
        }
        try {
            Deployment d = get(ns, name);
            if (d == null) {
                return;
            }
            DeploymentStatus want = desired(d, neverReady.contains(key));
            if (matches(d.getStatus(), want)) {
                return;
            }
            client.apps().deployments().inNamespace(ns).withName(name).editStatus(x -> {
                x.setStatus(want);
                return x;
            });
        } catch (RuntimeException e) {
            // A busy or restarting server: try again shortly, or no later change might ever re-trigger it.
            if (!closed && !executor.isShutdown()) {
                reconcileLater(ns, name);
            }
        }
    }

    private void reconcileLater(String namespace, String name) {
        try {
            executor.schedule(
                    () -> {
                        Deployment d = get(namespace, name);
                        if (d != null) {
                            consider(d);
                        }
                    },
                    50,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private Deployment get(String ns, String name) {
        try {
            return client.apps().deployments().inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            return null;
        }
    }

    /** The status a real controller would settle on. */
    static DeploymentStatus desired(Deployment d, boolean stuck) {
        int n = replicas(d);
        String now = TIME.format(Instant.now());
        DeploymentStatus st = new DeploymentStatus();
        st.setObservedGeneration(generation(d));
        st.setReplicas(n);
        st.setUpdatedReplicas(n);
        if (stuck && n > 0) {
            st.setReadyReplicas(0);
            st.setAvailableReplicas(0);
            st.setUnavailableReplicas(n);
            st.setConditions(List.of(
                    condition(
                            "Available",
                            "False",
                            "MinimumReplicasUnavailable",
                            "Deployment does not have minimum availability.",
                            now),
                    condition(
                            "Progressing",
                            "False",
                            "ProgressDeadlineExceeded",
                            "ReplicaSet \"" + d.getMetadata().getName() + "-5d8f9c7b6\" has timed out progressing.",
                            now)));
        } else {
            st.setReadyReplicas(n);
            st.setAvailableReplicas(n);
            st.setConditions(List.of(
                    condition(
                            "Available",
                            "True",
                            "MinimumReplicasAvailable",
                            "Deployment has minimum availability.",
                            now),
                    condition(
                            "Progressing",
                            "True",
                            "NewReplicaSetAvailable",
                            "ReplicaSet \"" + d.getMetadata().getName() + "-5d8f9c7b6\" has successfully progressed.",
                            now)));
        }
        return st;
    }

    private static DeploymentCondition condition(
            String type, String status, String reason, String message, String now) {
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(now)
                .withLastUpdateTime(now)
                .build();
    }

    private static boolean matches(DeploymentStatus have, DeploymentStatus want) {
        if (have == null) {
            return false;
        }
        if (!Objects.equals(have.getObservedGeneration(), want.getObservedGeneration())
                || orZero(have.getReplicas()) != orZero(want.getReplicas())
                || orZero(have.getUpdatedReplicas()) != orZero(want.getUpdatedReplicas())
                || orZero(have.getReadyReplicas()) != orZero(want.getReadyReplicas())
                || orZero(have.getAvailableReplicas()) != orZero(want.getAvailableReplicas())) {
            return false;
        }
        List<DeploymentCondition> hc = have.getConditions() == null ? List.of() : have.getConditions();
        List<DeploymentCondition> wc = want.getConditions();
        if (hc.size() != wc.size()) {
            return false;
        }
        for (int i = 0; i < hc.size(); i++) {
            if (!Objects.equals(hc.get(i).getType(), wc.get(i).getType())
                    || !Objects.equals(hc.get(i).getStatus(), wc.get(i).getStatus())
                    || !Objects.equals(hc.get(i).getReason(), wc.get(i).getReason())) {
                return false;
            }
        }
        return true;
    }

    private static int replicas(Deployment d) {
        Integer r = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private static long generation(Deployment d) {
        Long g = d.getMetadata().getGeneration();
        return g == null ? 1 : g;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        closed = true;
        SharedIndexInformer<Deployment> i = informer;
        if (i != null) {
            i.close();
        }
        executor.shutdownNow();
    }
}
