package io.canarygate.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Json;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.kube.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The rollout record in the cluster: one ConfigMap per rollout ({@code canarygate-<rollout>}, label
 * {@code canarygate.io/rollout}) holding the record as JSON under {@code record.json}. Writes use optimistic concurrency
 * (resourceVersion): on 409 the record is re-read and the edit applied again, up to {@value #MAX_TRIES} times.
 */
public final class RecordStore {
    /** The ConfigMap key holding the record. */
    public static final String KEY = "record.json";
    /** Attempts of one {@link #update} before it gives up. */
    static final int MAX_TRIES = 10;
    /** A ConfigMap holds at most 1 MiB; keep clear of it. */
    static final int MAX_BYTES = 1_000_000;

    private final KubernetesClient kube;

    public RecordStore(KubernetesClient kube) {
        this.kube = kube;
    }

    /** {@code canarygate-<rollout>}: the name of the record's ConfigMap (and of the rollout's Lease). */
    public static String objectName(String rollout) {
        return "canarygate-" + rollout;
    }

    /** The record, or empty when the rollout has none. */
    public Optional<RolloutRecord> read(String namespace, String rollout) {
        ConfigMap cm = get(namespace, rollout);
        return cm == null ? Optional.empty() : Optional.of(parse(cm, namespace, rollout));
    }

    /**
     * Creates the record.
     *
     * @throws io.canarygate.core.CanaryGateException CONFLICT when one already exists
     */
    public RolloutRecord create(RolloutRecord record) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Workloads.ROLLOUT_LABEL, record.rollout());
        labels.put("app.kubernetes.io/managed-by", "canary-gate");
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(objectName(record.rollout()))
                .withNamespace(record.namespace())
                .withLabels(labels)
                .endMetadata()
                .withData(Map.of(KEY, write(record)))
                .build();
        try {
            kube.configMaps().inNamespace(record.namespace()).resource(cm).create();
            return record;
        } catch (KubernetesClientException e) {
            if (KubeCalls.isConflict(e)) {
                throw new CanaryGateException(
                        Kind.CONFLICT,
                        "rollout " + record.rollout() + " already has a record (configmap " + record.namespace() + "/"
                                + objectName(record.rollout()) + "); another run started it at the same time,"
                                + " check canarygate status before retrying",
                        e);
            }
            throw KubeCalls.failure("create configmap " + record.namespace() + "/" + objectName(record.rollout()), e);
        }
    }

    /**
     * Applies {@code edit} to the current record and writes it; on a conflict re-reads and applies it again. Returns the
     * record as written (or as read, when {@code edit} returned it unchanged).
     *
     * @throws io.canarygate.core.CanaryGateException CONFLICT when there is no record
     */
    public RolloutRecord update(String namespace, String rollout, UnaryOperator<RolloutRecord> edit) {
        String where = "configmap " + namespace + "/" + objectName(rollout);
        for (int attempt = 1; ; attempt++) {
            ConfigMap cm = get(namespace, rollout);
            if (cm == null) {
                throw new CanaryGateException(
                        Kind.CONFLICT,
                        "rollout " + rollout + " in namespace " + namespace + " has no record (" + where
                                + " is missing); run deploy first");
            }
            RolloutRecord current = parse(cm, namespace, rollout);
            RolloutRecord edited = edit.apply(current);
            if (edited == null || edited.equals(current)) {
                return current;
            }
            Map<String, String> data = new LinkedHashMap<>(cm.getData() == null ? Map.of() : cm.getData());
            data.put(KEY, write(edited));
            cm.setData(data);
            try {
                // PUT with the resourceVersion just read: a write in between makes it a 409.
                kube.configMaps().inNamespace(namespace).resource(cm).update();
                return edited;
            } catch (KubernetesClientException e) {
                if (!KubeCalls.isConflict(e)) {
                    throw KubeCalls.failure("update " + where, e);
                }
                if (attempt >= MAX_TRIES) {
                    throw new CanaryGateException(
                            Kind.CONFLICT,
                            where + " kept changing while it was written (" + MAX_TRIES
                                    + " conflicts in a row); another process is writing the record, retry when it"
                                    + " stops",
                            e);
                }
            }
        }
    }

    private ConfigMap get(String namespace, String rollout) {
        Resource<ConfigMap> r = kube.configMaps().inNamespace(namespace).withName(objectName(rollout));
        return KubeCalls.call("get configmap " + namespace + "/" + objectName(rollout), r::get);
    }

    private static RolloutRecord parse(ConfigMap cm, String namespace, String rollout) {
        String json = cm.getData() == null ? null : cm.getData().get(KEY);
        String where = "configmap " + namespace + "/" + objectName(rollout);
        if (json == null) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    where + " has no " + KEY + ", so it is not a rollout record; delete it (kubectl delete configmap "
                            + objectName(rollout) + " -n " + namespace + ") or choose another rollout name");
        }
        try {
            RolloutRecord r = Json.mapper().readValue(json, RolloutRecord.class);
            if (r == null || r.phase() == null) {
                throw new IllegalArgumentException("no phase");
            }
            return r;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    where + ": " + KEY + " is not a readable rollout record (" + firstLine(e.getMessage())
                            + "); if the rollout is over, delete it (kubectl delete configmap " + objectName(rollout)
                            + " -n " + namespace + "), otherwise restore it",
                    e);
        }
    }

    private static String write(RolloutRecord record) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the rollout record cannot be written as JSON", e);
        }
        int bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new CanaryGateException(
                    Kind.INFRASTRUCTURE,
                    "the record of rollout " + record.rollout() + " would be " + bytes + " bytes, more than the "
                            + MAX_BYTES + " a ConfigMap holds ("
                            + record.analyses().size() + " analysis windows, "
                            + record.history().size() + " transitions); finish this rollout and start a new one");
        }
        return json;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
