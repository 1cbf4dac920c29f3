package io.canarygate.core.state;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The rollout record in the cluster: one ConfigMap per rollout ({@code canarygate-<rollout>}, label
 * {@code canarygate.io/rollout}) holding the record as JSON under {@code record.json}. Writes use optimistic concurrency
 * (resourceVersion): on 409 the record is re-read and the edit applied again.
 */
public final class RecordStore {
    private final KubernetesClient kube;

    public RecordStore(KubernetesClient kube) {
        this.kube = kube;
    }

    /** The record, or empty when the rollout has none. */
    public Optional<RolloutRecord> read(String namespace, String rollout) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Creates the record.
     *
     * @throws io.canarygate.core.CanaryGateException CONFLICT when one already exists
     */
    public RolloutRecord create(RolloutRecord record) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Applies {@code edit} to the current record and writes it; on a conflict re-reads and applies it again. Returns the
     * record as written (or as read, when {@code edit} returned it unchanged).
     *
     * @throws io.canarygate.core.CanaryGateException CONFLICT when there is no record
     */
    public RolloutRecord update(String namespace, String rollout, UnaryOperator<RolloutRecord> edit) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
