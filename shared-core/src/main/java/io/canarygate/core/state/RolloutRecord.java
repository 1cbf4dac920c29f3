package io.canarygate.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The durable state of one rollout, kept in the cluster (a ConfigMap holding this as JSON) so that each pipeline stage,
 * hours apart and on another runner, finds where the rollout stands. Never holds a secret.
 *
 * @param schema record format version
 * @param rollout rollout id
 * @param namespace namespace of the Deployments
 * @param deployment stable Deployment name
 * @param canaryDeployment canary Deployment name
 * @param router traffic router kind
 * @param phase where the rollout stands
 * @param weight canary weight in force
 * @param stableImages container → image of the stable version (before promotion: unchanged)
 * @param canaryImages container → image of the canary version
 * @param stableRevision the stable Deployment's {@code deployment.kubernetes.io/revision} (or generation) at start
 * @param owner the pipeline run that started the rollout
 * @param history every transition, oldest first
 * @param analyses every analysis window, oldest first
 * @param createdAt when the rollout started
 * @param updatedAt last write
 */
public record RolloutRecord(
        int schema,
        String rollout,
        String namespace,
        String deployment,
        String canaryDeployment,
        String router,
        Phase phase,
        int weight,
        Map<String, String> stableImages,
        Map<String, String> canaryImages,
        String stableRevision,
        Trigger owner,
        List<Transition> history,
        List<AnalysisRecord> analyses,
        Instant createdAt,
        Instant updatedAt) {

    public static final int SCHEMA = 1;

    public RolloutRecord {
        history = List.copyOf(history);
        analyses = List.copyOf(analyses);
        stableImages = Map.copyOf(stableImages);
        canaryImages = Map.copyOf(canaryImages);
    }

    /**
     * This record with the parts a rollout changes as it runs (phase, weight, history, analyses, last write); identity,
     * images and owner stay as they are. The one copy of the record's fields, so adding a field touches one place.
     */
    public RolloutRecord with(
            Phase phase, int weight, List<Transition> history, List<AnalysisRecord> analyses, Instant updatedAt) {
        return new RolloutRecord(
                schema,
                rollout,
                namespace,
                deployment,
                canaryDeployment,
                router,
                phase,
                weight,
                stableImages,
                canaryImages,
                stableRevision,
                owner,
                history,
                analyses,
                createdAt,
                updatedAt);
    }

    /** The latest analysis window with {@code key}, if any. */
    public java.util.Optional<AnalysisRecord> analysis(String key) {
        for (int i = analyses.size() - 1; i >= 0; i--) {
            if (analyses.get(i).key().equals(key)) {
                return java.util.Optional.of(analyses.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /** The latest transition, if any. */
    public java.util.Optional<Transition> lastTransition() {
        return history.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(history.get(history.size() - 1));
    }
}
